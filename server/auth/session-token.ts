// The API's hot path to the signed-in user: the user id straight from the Auth.js session cookie
// (decrypt + expiry check), without Auth.js's full session round (which re-encrypts and re-sets the
// cookie on every call: ~10x the cost at hundreds of labels per second). No Next.js imports, so the
// web server's API listener (scripts/web.ts) and the Next.js route share it. Pages use `auth()`,
// so sessions still roll.
import { decode } from 'next-auth/jwt'

const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token']

/** The user id of the session in these cookies (a cookie jar's getter), or null. */
export async function sessionUserIdFromCookies(get: (name: string) => string | undefined): Promise<string | null> {
  for (const name of SESSION_COOKIES) {
    const token = get(name)
    if (!token) continue
    const hit = decoded.get(token)
    if (hit && hit.exp > Date.now()) return hit.uid
    try {
      const payload = await decode({ token, secret: process.env.AUTH_SECRET!, salt: name })
      const uid = typeof payload?.uid === 'string' ? payload.uid : null
      if (uid && typeof payload?.exp === 'number') remember(token, uid, payload.exp * 1000)
      return uid
    } catch {
      return null // tampered, expired or signed with another secret
    }
  }
  return null
}

// A decrypted token is remembered until its own expiry (bounded map): decryption derives the key
// with HKDF on every call, ~6% of the server's CPU under labelling load. The key is the whole
// token, so a tampered token is never a hit; the user row is still read on every request.
const MAX_REMEMBERED = 10_000
const decoded = new Map<string, { uid: string; exp: number }>()
function remember(token: string, uid: string, exp: number) {
  if (decoded.size >= MAX_REMEMBERED) decoded.clear()
  decoded.set(token, { uid, exp })
}

/** Cookies from a raw Cookie header (the Node HTTP listener has no cookie jar). */
export function cookieGetter(header: string | undefined): (name: string) => string | undefined {
  const jar = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) jar.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()))
  }
  return (name) => jar.get(name)
}
