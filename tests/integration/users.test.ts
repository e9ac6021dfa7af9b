// Users and roles administration through the API: accounts, roles, deactivation, the admin guard
// rails, passwords (real argon2) and the audit trail they leave.
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { callerFor, makeUser } from './helpers.ts'
import { db } from '@/server/db/client.ts'
import { updateUser } from '@/server/services/users/update-user.ts'
import { authenticateUser } from '@/server/services/users/authenticate-user.ts'

const email = (tag: string) => `${tag}-${crypto.randomBytes(4).toString('hex')}@test.rewardlab`
// Sign-ins are throttled per client address too: this file's own address keeps other files' failures apart.
const from = { address: `users-test-${crypto.randomBytes(4).toString('hex')}` }
const auditOf = (entityId: string) => db.auditLog.findMany({ where: { entityId }, orderBy: { createdAt: 'asc' } })

describe('users: accounts', () => {
  test('an admin creates a user; the list shows role, active flag and projects; the audit names no password', async () => {
    const admin = await makeUser('ADMIN')
    const api = callerFor(admin)
    const address = email('New.Person')
    const u = await api.users.create({ email: address.toUpperCase(), name: 'New Person', role: 'ANNOTATOR', password: 'first-password' })
    expect(u).toMatchObject({ email: address.toLowerCase(), role: 'ANNOTATOR', active: true })
    const listed = (await api.users.list()).find((x) => x.id === u.id)
    expect(listed).toMatchObject({ name: 'New Person', role: 'ANNOTATOR', active: true, projects: [] })
    const audit = await auditOf(u.id)
    expect(audit.map((a) => a.action)).toEqual(['user.create'])
    expect(audit[0].userId).toBe(admin.id)
    const stored = await db.user.findUniqueOrThrow({ where: { id: u.id } })
    expect(JSON.stringify(audit)).not.toContain('first-password')
    expect(JSON.stringify(audit)).not.toContain(stored.passwordHash)
  })

  test('a duplicate email (any case) is a CONFLICT; a short password is a BAD_REQUEST', async () => {
    const api = callerFor(await makeUser('ADMIN'))
    const address = email('dup')
    await api.users.create({ email: address, name: 'One', role: 'RESEARCHER', password: 'password-1' })
    await expect(api.users.create({ email: address.toUpperCase(), name: 'Two', role: 'ANNOTATOR', password: 'password-2' }))
      .rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(api.users.create({ email: email('short'), name: 'Short', role: 'ANNOTATOR', password: 'seven77' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  test('update changes name and role, audited as from/to; a deactivated user is signed out at once', async () => {
    const admin = await makeUser('ADMIN')
    const target = await makeUser('ANNOTATOR')
    const api = callerFor(admin)
    expect(await api.users.update({ userId: target.id, patch: { name: 'Renamed', role: 'RESEARCHER' } }))
      .toMatchObject({ name: 'Renamed', role: 'RESEARCHER', active: true })
    const [entry] = await auditOf(target.id)
    expect(entry.action).toBe('user.update')
    expect(entry.detail).toEqual({ name: { from: target.name, to: 'Renamed' }, role: { from: 'ANNOTATOR', to: 'RESEARCHER' } })

    await expect(callerFor(target).users.me()).resolves.toMatchObject({ id: target.id, role: 'RESEARCHER' })
    await api.users.update({ userId: target.id, patch: { active: false } })
    await expect(callerFor(target).users.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(callerFor(target).projects.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await api.users.update({ userId: target.id, patch: { active: true } })
    await expect(callerFor(target).users.me()).resolves.toMatchObject({ id: target.id })
  })

  test('an unknown user is NOT_FOUND', async () => {
    const api = callerFor(await makeUser('ADMIN'))
    await expect(api.users.update({ userId: 'no-such-user', patch: { name: 'x' } })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(api.users.resetPassword({ userId: 'no-such-user', password: 'long-enough' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('users: admin guard rails', () => {
  test('an admin cannot deactivate or demote themselves, but may rename themselves', async () => {
    const admin = await makeUser('ADMIN')
    await makeUser('ADMIN') // another admin exists: the refusal is about "self", not "last"
    const api = callerFor(admin)
    await expect(api.users.update({ userId: admin.id, patch: { active: false } })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(api.users.update({ userId: admin.id, patch: { role: 'RESEARCHER' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(api.users.update({ userId: admin.id, patch: { name: 'Still Admin', role: 'ADMIN', active: true } }))
      .resolves.toMatchObject({ name: 'Still Admin', role: 'ADMIN', active: true })
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: 'ADMIN', active: true })
  })

  test('the last active admin cannot be deactivated or demoted, not even by two admins at once', async () => {
    // "Last" is global: set the other admins of this database aside for the test, then restore them.
    const a = await makeUser('ADMIN')
    const b = await makeUser('ADMIN')
    const others = await db.user.findMany({ where: { role: 'ADMIN', active: true, id: { notIn: [a.id, b.id] } }, select: { id: true } })
    await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } })
    try {
      // Two admins remove each other at the same moment: one wins, the other is refused.
      const results = await Promise.allSettled([
        callerFor(a).users.update({ userId: b.id, patch: { active: false } }),
        callerFor(b).users.update({ userId: a.id, patch: { role: 'ANNOTATOR' } }),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      // CONFLICT when both requests passed sign-in before either committed; UNAUTHORIZED when the loser was already removed.
      expect(['CONFLICT', 'UNAUTHORIZED']).toContain(refused.reason.code)
      const left = await db.user.findMany({ where: { id: { in: [a.id, b.id] }, role: 'ADMIN', active: true } })
      expect(left).toHaveLength(1)

      // Whoever asks (here the service is called directly, as a researcher), the last admin stays.
      const researcher = await makeUser('RESEARCHER')
      await expect(updateUser(researcher, left[0].id, { active: false })).rejects.toMatchObject({ code: 'CONFLICT' })
      await expect(updateUser(researcher, left[0].id, { role: 'RESEARCHER' })).rejects.toMatchObject({ code: 'CONFLICT' })
      // Once another admin exists, the former last one may go.
      const winner = left[0].id === a.id ? a : b
      const loser = winner === a ? b : a
      await callerFor(winner).users.update({ userId: loser.id, patch: { role: 'ADMIN', active: true } })
      await expect(callerFor(loser).users.update({ userId: winner.id, patch: { active: false } })).resolves.toMatchObject({ active: false })
    } finally {
      await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } })
    }
  })
})

describe('users: passwords', () => {
  test('an admin resets a password: the new one signs in, the old one no longer does, the audit has no secret', async () => {
    const admin = await makeUser('ADMIN')
    const api = callerFor(admin)
    const address = email('reset')
    const u = await api.users.create({ email: address, name: 'Forgetful', role: 'ANNOTATOR', password: 'old-password' })
    expect(await authenticateUser(address, 'old-password', from)).toMatchObject({ id: u.id })
    await expect(api.users.resetPassword({ userId: u.id, password: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(await api.users.resetPassword({ userId: u.id, password: 'brand-new-password' })).toEqual({ ok: true })
    expect(await authenticateUser(address, 'brand-new-password', from)).toMatchObject({ id: u.id })
    expect(await authenticateUser(address, 'old-password', from)).toBeNull()
    const audit = await auditOf(u.id)
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.password.reset'])
    const hash = (await db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash
    for (const secret of ['brand-new-password', 'old-password', hash, '$argon2']) expect(JSON.stringify(audit)).not.toContain(secret)
  })

  test('a deactivated account cannot sign in, even with the right password; nor can an unknown email', async () => {
    const api = callerFor(await makeUser('ADMIN'))
    const address = email('inactive')
    const u = await api.users.create({ email: address, name: 'Gone', role: 'RESEARCHER', password: 'right-password' })
    await api.users.update({ userId: u.id, patch: { active: false } })
    expect(await authenticateUser(address, 'right-password', from)).toBeNull()
    expect(await authenticateUser(email('nobody'), 'right-password', from)).toBeNull()
  })

  test('anyone changes their own password, but only with the current one', async () => {
    const admin = await makeUser('ADMIN')
    const address = email('self')
    const u = await callerFor(admin).users.create({ email: address, name: 'Self Service', role: 'ANNOTATOR', password: 'current-pass' })
    const me = callerFor({ id: u.id, role: u.role, name: u.name, email: u.email })
    expect(await me.users.me()).toMatchObject({ id: u.id, email: address, role: 'ANNOTATOR', projectCount: 0 })
    await expect(me.users.changeOwnPassword({ currentPassword: 'wrong-pass', newPassword: 'next-password' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(me.users.changeOwnPassword({ currentPassword: 'current-pass', newPassword: 'tiny' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(await me.users.changeOwnPassword({ currentPassword: 'current-pass', newPassword: 'next-password' })).toEqual({ ok: true })
    expect(await authenticateUser(address, 'next-password', from)).toMatchObject({ id: u.id })
    expect(await authenticateUser(address, 'current-pass', from)).toBeNull()
    const audit = await auditOf(u.id)
    expect(audit.at(-1)).toMatchObject({ action: 'user.password.change', userId: u.id, detail: null })
  })
})
