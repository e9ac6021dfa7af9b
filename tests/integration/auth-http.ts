// Sessions as a browser holds them, for integration tests: real Auth.js endpoints (CSRF token,
// credentials callback, sign-out) called as route handlers with Requests, a cookie jar, and tRPC
// callers built from the cookie exactly as both API listeners build them.
import crypto from 'node:crypto'
import { NextRequest } from 'next/server'
import { encode } from 'next-auth/jwt'
import { authRoutes } from '@/server/auth/index.ts'
import { cookieGetter, sessionFromCookies } from '@/server/auth/session-token.ts'
import { createCaller } from '@/server/api/root.ts'
import { createContext } from '@/server/api/trpc.ts'

export const ORIGIN = 'http://rewardlab.test'
const SESSION = 'authjs.session-token'

/** A test address of its own (sign-ins are throttled per address). */
export const newAddress = () => `198.51.100.${crypto.randomInt(1, 255)}-${crypto.randomBytes(3).toString('hex')}`

export class CookieJar {
  private jar = new Map<string, string>()
  keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      const [name, value] = [pair.slice(0, i), pair.slice(i + 1)]
      if (value && !/max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.jar.set(name, value)
      else this.jar.delete(name)
    }
  }
  header() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') }
  get session() { return this.jar.get(SESSION) }
}

function authRequest(path: string, jar: CookieJar, address: string, form?: Record<string, string>) {
  return new NextRequest(`${ORIGIN}/api/auth/${path}`, {
    method: form ? 'POST' : 'GET',
    headers: { cookie: jar.header(), 'x-forwarded-for': address, ...(form && { 'content-type': 'application/x-www-form-urlencoded' }) },
    body: form ? new URLSearchParams(form) : undefined,
  })
}

async function csrf(jar: CookieJar, address: string) {
  const res = await authRoutes.GET(authRequest('csrf', jar, address))
  jar.keep(res)
  return ((await res.json()) as { csrfToken: string }).csrfToken
}

/** POST /api/auth/callback/credentials as the browser would; the jar then holds the session. */
export async function signInOverHttp(jar: CookieJar, email: string, password: string, address: string) {
  const csrfToken = await csrf(jar, address)
  const res = await authRoutes.POST(authRequest('callback/credentials', jar, address, { csrfToken, email, password, callbackUrl: `${ORIGIN}/projects` }))
  jar.keep(res)
  return res
}

/** POST /api/auth/signout with the jar's session. */
export async function signOutOverHttp(jar: CookieJar, address: string) {
  const csrfToken = await csrf(jar, address)
  const res = await authRoutes.POST(authRequest('signout', jar, address, { csrfToken, callbackUrl: `${ORIGIN}/signin` }))
  jar.keep(res)
  return res
}

/** A session cookie header as Auth.js would issue it at sign-in (for tests that skip argon2). */
export async function sessionCookie(userId: string, sessionVersion: number) {
  const token = await encode({ token: { sub: userId, uid: userId, sv: sessionVersion }, secret: process.env.AUTH_SECRET!, salt: SESSION })
  return `${SESSION}=${token}`
}

/** A tRPC caller built from a Cookie header the way both API listeners build it. */
export async function apiWithCookie(cookieHeader: string, address = newAddress()) {
  return createCaller(createContext(await sessionFromCookies(cookieGetter(cookieHeader)), address))
}
