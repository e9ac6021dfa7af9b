// Which address sign-in throttling counts (issue 8, item 11): the socket's, unless the operator
// says proxies are in front (REWARDLAB_TRUST_PROXY); then the entry the outermost proxy added.
import { describe, expect, test } from 'vitest'
import { forwardedClientAddress, resolveClientAddress, trustedProxyHops } from '@/server/lib/client-address.ts'

describe('client address', () => {
  test('without a trusted proxy, X-Forwarded-For is ignored (anyone can send it)', () => {
    expect(resolveClientAddress('203.0.113.9', '1.2.3.4', 0)).toBe('203.0.113.9')
    expect(resolveClientAddress('::ffff:203.0.113.9', undefined, 0)).toBe('203.0.113.9')
    expect(resolveClientAddress(undefined, undefined, 0)).toBe('unknown')
  })

  test('behind N trusted proxies: the N-th entry from the right; spoofed entries on the left do not count', () => {
    expect(resolveClientAddress('10.0.0.1', 'spoofed, 198.51.100.7', 1)).toBe('198.51.100.7')
    expect(resolveClientAddress('10.0.0.1', ['spoofed', '198.51.100.7, 10.0.0.2'], 2)).toBe('198.51.100.7')
    expect(resolveClientAddress('10.0.0.1', '198.51.100.7', 3)).toBe('198.51.100.7')
    expect(resolveClientAddress('10.0.0.1', undefined, 1)).toBe('10.0.0.1')
  })

  test('the setting', () => {
    expect([undefined, '', '0', 'false'].map((s) => trustedProxyHops(s))).toEqual([0, 0, 0, 0])
    expect([trustedProxyHops('true'), trustedProxyHops('2'), trustedProxyHops('yes')]).toEqual([1, 2, 1])
  })

  test('inside Next.js: the address the web server put in the header', () => {
    expect(forwardedClientAddress(new Headers({ 'x-forwarded-for': '198.51.100.7' }))).toBe('198.51.100.7')
    expect(forwardedClientAddress(new Headers())).toBe('unknown')
  })
})
