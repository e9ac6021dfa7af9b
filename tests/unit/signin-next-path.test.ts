// The sign-in page's `next` parameter (issue 8, item 12): only a path on this site, never another
// host however it is spelled (the open redirect /signin?next=/%5Cexample.org and its relatives).
import { describe, expect, test } from 'vitest'
import { DEFAULT_NEXT, safeNextPath } from '@/app/signin/next-path.ts'

describe('safeNextPath', () => {
  test('paths on this site pass, normalised, with their query and hash', () => {
    expect(safeNextPath('/projects')).toBe('/projects')
    expect(safeNextPath('/projects/abc/annotate?x=1#top')).toBe('/projects/abc/annotate?x=1#top')
    expect(safeNextPath('/admin/users')).toBe('/admin/users')
    expect(safeNextPath('/projects/a/../b')).toBe('/projects/b')
  })

  test('other hosts, however spelled, fall back to the project list', () => {
    const malicious = [
      '/\\example.org', // what /signin?next=/%5Cexample.org reaches the page as
      '/%5Cexample.org', '/%5cexample.org', '/%2Fexample.org', '/%2fexample.org',
      '//example.org', '///example.org', '/\\/example.org', '\\\\example.org', '\\/example.org',
      'https://example.org', 'http:example.org', 'javascript:alert(1)', 'data:text/html,x', 'example.org',
      '/\texample.org', '/\n/example.org', '/\r\n/example.org', '/ /example.org', '/\u0000/example.org',
      '/./example.org/..//example.org', '/a/..//example.org', '/.//example.org',
      '', ' /projects',
    ]
    for (const next of malicious) expect(safeNextPath(next), JSON.stringify(next)).toBe(DEFAULT_NEXT)
  })

  test('anything but a string falls back too', () => {
    for (const next of [undefined, null, 42, ['/projects'], new File([], 'x')]) expect(safeNextPath(next)).toBe(DEFAULT_NEXT)
  })
})
