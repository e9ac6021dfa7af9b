// The API's hot path to the signed-in user: the session claim (user id + session version) straight
// from the Auth.js session cookie (decrypt + expiry check), without Auth.js's full session round
// (which re-encrypts and re-sets the cookie on every call: ~10x the cost at hundreds of labels per
// second). No Next.js imports, so the web server's API listener (scripts/web.ts), the Next.js
// routes and the tests share it. Pages use `auth()`, so sessions still roll.
import { decode } from 'next-auth/jwt'
import type { SessionClaim } from '../lib/actor.ts'

const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token']

/** The session claim in these cookies (a cookie jar's getter), or null. */
export async function sessionFromCookies(get: (name: string) => string | undefined): Promise<SessionClaim | null> {
  for (const name of SESSION_COOKIES) {
    const token = get(name)
    if (!token) continue
    const hit = decoded.get(token)
    if (hit && hit.exp > Date.now()) return hit.claim
    try {
      const payload = await decode({ token, secret: process.env.AUTH_SECRET!, salt: name })
      if (typeof payload?.uid !== 'string') return null
      // Tokens issued before session versions existed count as version 0: ended by the first bump.
      const claim = { userId: payload.uid, sessionVersion: typeof payload.sv === 'number' ? payload.sv : 0 }
      if (typeof payload.exp === 'number') remember(token, claim, payload.exp * 1000)
      return claim
    } catch {
      return null // tampered, expired or signed with another secret
    }
  }
  return null
}

// A decrypted token is remembered until its own expiry (bounded map): decryption derives the key
// with HKDF on every call, ~6% of the server's CPU under labelling load. The key is the whole
// token, so a tampered token is never a hit. The cache holds only what the token says, never
// whether the session is live: get-actor.ts compares the version with the user row on every
// request, so a session ended a moment ago is refused even when its token is cached.
const MAX_REMEMBERED = 10_000
const decoded = new Map<string, { claim: SessionClaim; exp: number }>()
function remember(token: string, claim: SessionClaim, exp: number) {
  if (decoded.size >= MAX_REMEMBERED) decoded.clear()
  decoded.set(token, { claim, exp })
}

/** Cookies from a raw Cookie header (the Node HTTP listener has no cookie jar). */
export function cookieGetter(header: string | null | undefined): (name: string) => string | undefined {
  const jar = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) jar.set(part.slice(0, i).trim(), safeDecode(part.slice(i + 1).trim()))
  }
  return (name) => jar.get(name)
}

// A stray "%" in some other site's cookie must not throw for the whole request.
function safeDecode(v: string) {
  try { return decodeURIComponent(v) } catch { return v }
}
