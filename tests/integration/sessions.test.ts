// Ending sessions at once (issue 8, item 10) through the real cookie path: a session token as
// Auth.js issues it, decoded (and cached) by session-token.ts and checked by get-actor.ts, the
// same way both API listeners and the route handlers do. An admin's password reset, deactivation,
// sign-out and the user's own password change must each refuse the session on its next request.
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { callerFor, makeUser } from './helpers.ts'
import { apiWithCookie, CookieJar, newAddress, sessionCookie, signInOverHttp, signOutOverHttp } from './auth-http.ts'

const email = (tag: string) => `${tag}-${crypto.randomBytes(4).toString('hex')}@test.rewardlab`

/** A user with a real password, made by an admin through the API (argon2 hash). */
async function userWithPassword(password: string) {
  const admin = await makeUser('ADMIN')
  const u = await callerFor(admin).users.create({ email: email('session'), name: 'Session User', role: 'ANNOTATOR', password })
  return { admin, user: u }
}

/** users.me through the cookie path; twice, so the second call is a token-cache hit. */
async function meWith(cookie: string) {
  await (await apiWithCookie(cookie)).users.me()
  return (await apiWithCookie(cookie)).users.me()
}

describe('sessions end at once', () => {
  test('an admin resets the password: the session open until then is refused, a new sign-in works', async () => {
    const { admin, user } = await userWithPassword('first-password')
    const address = newAddress()
    const jar = new CookieJar()
    await signInOverHttp(jar, user.email, 'first-password', address)
    expect(jar.session).toBeTruthy()
    await expect(meWith(jar.header())).resolves.toMatchObject({ id: user.id })

    await callerFor(admin).users.resetPassword({ userId: user.id, password: 'second-password' })
    await expect((await apiWithCookie(jar.header())).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect((await apiWithCookie(jar.header())).projects.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })

    const again = new CookieJar()
    await signInOverHttp(again, user.email, 'second-password', address)
    await expect(meWith(again.header())).resolves.toMatchObject({ id: user.id })
  })

  test('deactivation ends the sessions, and reactivating the account does not revive them', async () => {
    const admin = await makeUser('ADMIN')
    const target = await makeUser('ANNOTATOR')
    const cookie = await sessionCookie(target.id, 0)
    await expect(meWith(cookie)).resolves.toMatchObject({ id: target.id })
    await callerFor(admin).users.update({ userId: target.id, patch: { active: false } })
    await expect((await apiWithCookie(cookie)).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await callerFor(admin).users.update({ userId: target.id, patch: { active: true } })
    await expect((await apiWithCookie(cookie)).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    // A session started after the reactivation carries the new version and works.
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: target.id } })
    await expect(meWith(await sessionCookie(target.id, sessionVersion))).resolves.toMatchObject({ id: target.id })
  })

  test('a role change keeps the session (the role is read per request)', async () => {
    const admin = await makeUser('ADMIN')
    const target = await makeUser('ANNOTATOR')
    const cookie = await sessionCookie(target.id, 0)
    await callerFor(admin).users.update({ userId: target.id, patch: { role: 'RESEARCHER' } })
    await expect(meWith(cookie)).resolves.toMatchObject({ id: target.id, role: 'RESEARCHER' })
  })

  test('sign-out ends every session of the user; signing out with an ended session ends none of the new ones', async () => {
    const { user } = await userWithPassword('the-password')
    const address = newAddress()
    const [laptop, desktop] = [new CookieJar(), new CookieJar()]
    await signInOverHttp(laptop, user.email, 'the-password', address)
    await signInOverHttp(desktop, user.email, 'the-password', address)
    await expect(meWith(laptop.header())).resolves.toMatchObject({ id: user.id })
    await expect(meWith(desktop.header())).resolves.toMatchObject({ id: user.id })
    const stolen = laptop.header() // a copy of the cookie, as someone who took it keeps it

    const out = await signOutOverHttp(laptop, address)
    expect(out.status).toBe(302)
    expect(laptop.session).toBeUndefined()
    await expect((await apiWithCookie(stolen)).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect((await apiWithCookie(desktop.header())).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })

    const fresh = new CookieJar()
    await signInOverHttp(fresh, user.email, 'the-password', address)
    const stale = new CookieJar()
    stale.keep(new Response(null, { headers: { 'set-cookie': `${stolen}; Path=/` } }))
    await signOutOverHttp(stale, address)
    await expect(meWith(fresh.header())).resolves.toMatchObject({ id: user.id })
  })

  test('changing one\'s own password ends the sessions, this one too', async () => {
    const { user } = await userWithPassword('old-password')
    const address = newAddress()
    const [here, elsewhere] = [new CookieJar(), new CookieJar()]
    await signInOverHttp(here, user.email, 'old-password', address)
    await signInOverHttp(elsewhere, user.email, 'old-password', address)
    const api = await apiWithCookie(here.header())
    await expect(api.users.changeOwnPassword({ currentPassword: 'old-password', newPassword: 'new-password' })).resolves.toEqual({ ok: true })
    await expect((await apiWithCookie(elsewhere.header())).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect((await apiWithCookie(here.header())).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  test('a token without a session version (issued before versions existed) counts as version 0', async () => {
    const admin = await makeUser('ADMIN')
    const target = await makeUser('ANNOTATOR')
    const { encode } = await import('next-auth/jwt')
    const token = await encode({ token: { sub: target.id, uid: target.id }, secret: process.env.AUTH_SECRET!, salt: 'authjs.session-token' })
    const cookie = `authjs.session-token=${token}`
    await expect(meWith(cookie)).resolves.toMatchObject({ id: target.id })
    await callerFor(admin).users.resetPassword({ userId: target.id, password: 'a-new-password' })
    await expect((await apiWithCookie(cookie)).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })
})
