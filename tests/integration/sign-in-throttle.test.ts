// Throttled password guessing (issue 8, item 11): 10 failures in 15 minutes per account and per
// client address, counted in PostgreSQL; a fake clock (`now`) moves time, never the wall clock.
// Covers sign-in (the service, and Auth.js's HTTP endpoint answering 429 + Retry-After) and the
// own-password change (tRPC TOO_MANY_REQUESTS).
import crypto from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { db } from '@/server/db/client.ts'
import { TooManyAttempts } from '@/server/lib/errors.ts'
import * as password from '@/server/auth/password.ts'
import { authenticateUser } from '@/server/services/users/authenticate-user.ts'
import { callerFor, makeUser } from './helpers.ts'
import { apiWithCookie, CookieJar, newAddress, signInOverHttp } from './auth-http.ts'

vi.mock('@/server/auth/password.ts', async (original) => {
  const real = await original<typeof password>()
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) }
})

const email = (tag: string) => `${tag}-${crypto.randomBytes(4).toString('hex')}@test.rewardlab`
const MINUTE = 60_000
const T0 = new Date('2030-01-01T12:00:00Z') // far from the wall clock: other tests' failures never count here
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE)

async function account(pw = 'right-password') {
  const admin = await makeUser('ADMIN')
  return callerFor(admin).users.create({ email: email('throttle'), name: 'Throttled', role: 'ANNOTATOR', password: pw })
}

/** n failed sign-ins, one a minute from `start` (minutes after T0). */
async function fail(n: number, who: string | ((i: number) => string), address: string | ((i: number) => string), start = 0) {
  for (let i = 0; i < n; i++) {
    const e = typeof who === 'string' ? who : who(i)
    const a = typeof address === 'string' ? address : address(i)
    expect(await authenticateUser(e, 'wrong-password', { address: a, now: at(start + i) })).toBeNull()
  }
}

describe('sign-in throttling', () => {
  test('10 failures for an account in 15 minutes lock it, from any address, until the oldest leaves the window', async () => {
    const u = await account()
    await fail(10, u.email, (i) => `10.0.0.${i}`) // minutes 0..9, ten addresses
    const refused = authenticateUser(u.email, 'right-password', { address: '10.9.9.9', now: at(10) })
    await expect(refused).rejects.toBeInstanceOf(TooManyAttempts)
    await expect(refused).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterS: 5 * 60, message: 'Too many failed sign-ins; try again in 5 minutes' })
    // A refused attempt is not counted: at minute 15 the first failure has left the window.
    expect(await authenticateUser(u.email, 'right-password', { address: '10.9.9.9', now: at(15) })).toMatchObject({ id: u.id })
  })

  test('10 failures from one address lock that address for every account, not other addresses', async () => {
    const u = await account()
    const address = newAddress()
    await fail(10, () => email('nobody'), address) // unknown emails count like real ones
    await expect(authenticateUser(u.email, 'right-password', { address, now: at(10) })).rejects.toMatchObject({ retryAfterS: 5 * 60 })
    expect(await authenticateUser(u.email, 'right-password', { address: newAddress(), now: at(10) })).toMatchObject({ id: u.id })
  })

  test('the per-address limit has a setting of its own (one NAT address for a whole lab)', async () => {
    process.env.REWARDLAB_SIGNIN_MAX_FAILURES_PER_ADDRESS = '20'
    try {
      const u = await account()
      const address = newAddress()
      await fail(10, () => email('nobody'), address)
      expect(await authenticateUser(u.email, 'right-password', { address, now: at(10) })).toMatchObject({ id: u.id })
      // Ten more (straight into the table: no argon2 needed) make twenty since minute 0.
      await db.authFailure.createMany({ data: Array.from({ length: 10 }, (_, i) => ({ account: email('nobody'), address, at: at(10.1 + i / 20) })) })
      await expect(authenticateUser(u.email, 'right-password', { address, now: at(11) })).rejects.toMatchObject({ retryAfterS: 4 * 60 })
    } finally {
      delete process.env.REWARDLAB_SIGNIN_MAX_FAILURES_PER_ADDRESS
    }
  })

  test('a success clears the account\'s failures but not the address\'s failures for other accounts', async () => {
    const [mine, other] = [await account(), await account()]
    const address = newAddress()
    await fail(5, other.email, address)
    await fail(4, mine.email, address, 5)
    expect(await authenticateUser(mine.email, 'right-password', { address, now: at(9) })).toMatchObject({ id: mine.id })
    expect(await db.authFailure.count({ where: { account: mine.email } })).toBe(0)
    expect(await db.authFailure.count({ where: { account: other.email, address } })).toBe(5)
    // Five more failures (other accounts) bring the address to ten again.
    await fail(5, () => email('spray'), address, 10)
    await expect(authenticateUser(mine.email, 'right-password', { address, now: at(14) })).rejects.toBeInstanceOf(TooManyAttempts)
  })

  test('argon2 runs for unknown and known emails alike, so timing does not tell which exist', async () => {
    const u = await account()
    const verify = vi.mocked(password.verifyPassword)
    verify.mockClear()
    await authenticateUser(email('nobody'), 'a-guess', { address: newAddress(), now: T0 })
    await authenticateUser(u.email, 'a-guess', { address: newAddress(), now: T0 })
    expect(verify).toHaveBeenCalledTimes(2)
  })

  test('a burst of parallel guesses: at most 10 reach the password check', async () => {
    const u = await account()
    const verify = vi.mocked(password.verifyPassword)
    verify.mockClear()
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) =>
      authenticateUser(u.email, `guess-${i}`, { address: newAddress(), now: at(1) })))
    expect(verify.mock.calls.length).toBeLessThanOrEqual(10)
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof TooManyAttempts).length).toBeGreaterThanOrEqual(15)
    expect(await db.authFailure.count({ where: { account: u.email } })).toBeLessThanOrEqual(10)
  })

  test('old failures are pruned', async () => {
    const address = newAddress()
    await db.authFailure.create({ data: { account: email('old'), address, at: at(-60) } })
    await fail(1, email('new'), address)
    expect(await db.authFailure.count({ where: { address } })).toBe(1)
  })

  test('the HTTP sign-in endpoint answers 429 with Retry-After once throttled', async () => {
    const u = await account()
    const address = newAddress()
    // Failures a moment ago on the real clock (this endpoint has no injected clock); no argon2 spent.
    const now = Date.now()
    await db.authFailure.createMany({ data: Array.from({ length: 10 }, (_, i) => ({ account: u.email, address: `x-${i}`, at: new Date(now - (10 - i) * 1000) })) })
    const res = await signInOverHttp(new CookieJar(), u.email, 'right-password', address)
    expect(res.status).toBe(429)
    const wait = Number(res.headers.get('retry-after'))
    expect(Number.isInteger(wait) && wait > 0 && wait <= 15 * 60).toBe(true)
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/^Too many failed sign-ins; try again in \d+ minutes?$/) })
  })
})

describe('password change throttling', () => {
  test('wrong current passwords count with the account\'s sign-in failures; then TOO_MANY_REQUESTS', async () => {
    const u = await account('current-password')
    const address = newAddress()
    const jar = new CookieJar()
    await signInOverHttp(jar, u.email, 'current-password', address)
    // Seven failed sign-ins a moment ago (the API call below runs on the real clock).
    const now = Date.now()
    await db.authFailure.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ account: u.email, address: `y-${i}`, at: new Date(now - (10 - i) * 1000) })) })
    const api = await apiWithCookie(jar.header(), address)
    for (let i = 0; i < 3; i++) {
      await expect(api.users.changeOwnPassword({ currentPassword: `wrong-${i}`, newPassword: 'next-password' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    }
    // The right password does not help while locked; nothing changed.
    await expect(api.users.changeOwnPassword({ currentPassword: 'current-password', newPassword: 'next-password' }))
      .rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^Too many wrong passwords; try again in \d+ minutes?$/) })
    expect(await db.auditLog.count({ where: { entityId: u.id, action: 'user.password.change' } })).toBe(0)
  })
})
