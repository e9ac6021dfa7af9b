import { describe, expect, test } from 'vitest'
import { callerFor, makeProject, makeUser } from './helpers.ts'
import { db } from '@/server/db/client.ts'

describe('projects', () => {
  test('a researcher creates a project and it is audited', async () => {
    const r = await makeUser('RESEARCHER')
    const p = await callerFor(r).projects.create({ name: 'Helpfulness', overlap: 3 })
    expect(p.overlap).toBe(3)
    const audit = await db.auditLog.findFirst({ where: { entityId: p.id } })
    expect(audit?.action).toBe('project.create')
    expect(audit?.userId).toBe(r.id)
  })

  test('annotators see only the projects they are assigned to', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const mine = await makeProject({ owner: r, members: [a] })
    const other = await makeProject({ owner: r })
    const list = await callerFor(a).projects.list()
    expect(list.map((p) => p.id)).toContain(mine.id)
    expect(list.map((p) => p.id)).not.toContain(other.id)
    await expect(callerFor(a).projects.get({ projectId: other.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(a).projects.create({ name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  test('signed-out and deactivated users are refused', async () => {
    const r = await makeUser('RESEARCHER')
    await expect(callerFor(null).projects.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await db.user.update({ where: { id: r.id }, data: { active: false } })
    await expect(callerFor(r).projects.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })
})
