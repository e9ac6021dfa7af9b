// Who labels what: assigning annotators to projects from the user's side (users.setProjects) and
// the project's side (projects.members / setMembers), project settings patches, and the audit log view.
import { describe, expect, test } from 'vitest'
import { callerFor, makeProject, makeUser } from './helpers.ts'
import { db } from '@/server/db/client.ts'

describe('users.setProjects', () => {
  test('an admin assigns an annotator to projects; the annotator then sees exactly those', async () => {
    const admin = await makeUser('ADMIN')
    const researcher = await makeUser('RESEARCHER')
    const ann = await makeUser('ANNOTATOR')
    const [p1, p2, p3] = await Promise.all([1, 2, 3].map(() => makeProject({ owner: researcher })))
    const api = callerFor(admin)

    expect(await api.users.setProjects({ userId: ann.id, projectIds: [p1.id, p2.id, p1.id] })).toEqual({ projectIds: [p1.id, p2.id] })
    let mine = (await callerFor(ann).projects.list()).map((p) => p.id)
    expect(mine.sort()).toEqual([p1.id, p2.id].sort())
    const row = (await api.users.list()).find((u) => u.id === ann.id)
    expect(row?.projects.map((p) => p.id).sort()).toEqual([p1.id, p2.id].sort())

    await api.users.setProjects({ userId: ann.id, projectIds: [p2.id, p3.id] })
    mine = (await callerFor(ann).projects.list()).map((p) => p.id)
    expect(mine.sort()).toEqual([p2.id, p3.id].sort())
    await expect(callerFor(ann).projects.get({ projectId: p1.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })

    const audit = await db.auditLog.findMany({ where: { entityId: ann.id, action: 'user.projects' }, orderBy: { createdAt: 'asc' } })
    expect(audit).toHaveLength(2)
    expect(audit[1].detail).toMatchObject({ to: [p2.id, p3.id] })
    expect(audit[1].userId).toBe(admin.id)
  })

  test('only annotators are assigned; unknown projects and users are refused; clearing always works', async () => {
    const admin = await makeUser('ADMIN')
    const researcher = await makeUser('RESEARCHER')
    const p = await makeProject({ owner: researcher })
    const api = callerFor(admin)
    await expect(api.users.setProjects({ userId: researcher.id, projectIds: [p.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(api.users.setProjects({ userId: researcher.id, projectIds: [] })).resolves.toEqual({ projectIds: [] })
    const ann = await makeUser('ANNOTATOR')
    await expect(api.users.setProjects({ userId: ann.id, projectIds: [p.id, 'no-such-project'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(await db.projectMember.count({ where: { userId: ann.id } })).toBe(0) // nothing half-done
    await expect(api.users.setProjects({ userId: 'no-such-user', projectIds: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('projects.members / setMembers', () => {
  test('a researcher sees members and every annotator, and replaces the member list', async () => {
    const researcher = await makeUser('RESEARCHER')
    const [a1, a2, a3] = await Promise.all([1, 2, 3].map(() => makeUser('ANNOTATOR')))
    const p = await makeProject({ owner: researcher, members: [a1, a2] })
    const api = callerFor(researcher)

    const before = await api.projects.members({ projectId: p.id })
    expect(before.members.map((m) => m.id).sort()).toEqual([a1.id, a2.id].sort())
    const pickable = before.annotators.map((a) => a.id)
    for (const a of [a1, a2, a3]) expect(pickable).toContain(a.id)
    expect(pickable).not.toContain(researcher.id)

    expect(await api.projects.setMembers({ projectId: p.id, userIds: [a2.id, a3.id] })).toBe(2)
    const after = await api.projects.members({ projectId: p.id })
    expect(after.members.map((m) => m.id).sort()).toEqual([a2.id, a3.id].sort())
    await expect(callerFor(a1).projects.get({ projectId: p.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(a3).projects.get({ projectId: p.id })).resolves.toMatchObject({ id: p.id })
    const entry = await db.auditLog.findFirst({ where: { entityId: p.id, action: 'project.members' } })
    expect(entry?.detail).toMatchObject({ to: [a2.id, a3.id] })
  })

  test('staff cannot be added as members; a member promoted later may stay in the list', async () => {
    const admin = await makeUser('ADMIN')
    const researcher = await makeUser('RESEARCHER')
    const ann = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: researcher, members: [ann] })
    const api = callerFor(researcher)
    await expect(api.projects.setMembers({ projectId: p.id, userIds: [ann.id, admin.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await callerFor(admin).users.update({ userId: ann.id, patch: { role: 'RESEARCHER' } })
    await expect(api.projects.setMembers({ projectId: p.id, userIds: [ann.id] })).resolves.toBe(1)
    await expect(api.projects.members({ projectId: 'no-such-project' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(api.projects.setMembers({ projectId: p.id, userIds: ['no-such-user'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('projects.update (the settings page)', () => {
  test('a patch changes only the fields it names', async () => {
    const researcher = await makeUser('RESEARCHER')
    const api = callerFor(researcher)
    const p = await api.projects.create({ name: 'Settings', description: 'keep me', guidelines: '# keep', overlap: 3 })
    const after = await api.projects.update({ projectId: p.id, patch: { name: 'Renamed' } })
    expect(after).toMatchObject({ name: 'Renamed', description: 'keep me', guidelines: '# keep', overlap: 3 })
  })
})

describe('audit.list', () => {
  test('filters by entity type, user and entity, newest first, in pages that never overlap', async () => {
    const admin = await makeUser('ADMIN')
    const researcher = await makeUser('RESEARCHER')
    const api = callerFor(admin)
    const p = await callerFor(researcher).projects.create({ name: 'Audited' })
    for (let i = 0; i < 4; i++) await callerFor(researcher).projects.update({ projectId: p.id, patch: { overlap: i + 1 } })

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof api.audit.list>> = await api.audit.list({ entityId: p.id, limit: 2, cursor })
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    const all = await api.audit.list({ entityId: p.id })
    expect(all.items.map((i) => i.id)).toEqual(seen)
    expect(all.items.at(-1)).toMatchObject({ action: 'project.create', entityType: 'Project', user: { id: researcher.id } })
    expect(all.items[0].action).toBe('project.update')

    const byUser = await api.audit.list({ userId: researcher.id, entityType: 'Project' })
    expect(byUser.items).toHaveLength(5)
    expect((await api.audit.list({ userId: researcher.id, entityType: 'User' })).items).toHaveLength(0)
  })
})
