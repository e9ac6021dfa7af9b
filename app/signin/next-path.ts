// Where to go after signing in: the `next` parameter, but only as a path on this site. Anything
// else would make the sign-in page an open redirect (a link to our sign-in that lands on a
// look-alike site). Browsers read "\" as "/" and drop tabs and newlines, so "/\example.org" and
// "/%5Cexample.org" (decoded by Next.js) are "//example.org": another host.
export const DEFAULT_NEXT = '/projects'

const BASE = 'http://rewardlab.invalid'

export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2048) return DEFAULT_NEXT
  // Control characters, whitespace and backslashes have no place in a path we link to ourselves.
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(next)) return DEFAULT_NEXT
  let url: URL
  try { url = new URL(next, BASE) } catch { return DEFAULT_NEXT }
  if (url.origin !== BASE) return DEFAULT_NEXT
  // After normalisation ("/a/..//x" is "//x") the path must still be one absolute path.
  if (!url.pathname.startsWith('/') || url.pathname.startsWith('//')) return DEFAULT_NEXT
  // An encoded slash or backslash right after the first "/" may be decoded once more on the way.
  if (/^\/(%2f|%5c)/i.test(url.pathname)) return DEFAULT_NEXT
  return url.pathname + url.search + url.hash
}
