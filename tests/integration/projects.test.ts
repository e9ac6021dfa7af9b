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

  test('settings: every setting for staff, the gold defaults of a new project included; annotators are refused', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await callerFor(r).projects.create({ name: 'Settings read', overlap: 3 })
    await callerFor(r).projects.setMembers({ projectId: p.id, userIds: [a.id] })
    expect(await callerFor(r).projects.settings({ projectId: p.id })).toEqual({
      id: p.id, name: 'Settings read', description: '', guidelines: '', overlap: 3, minHumanLabels: 1,
      importedLabelsCountTowardOverlap: true, allowLabelRevision: true, goldRate: 0.1, goldThreshold: 0.7, goldMinAnswers: 5,
    })
    await callerFor(r).projects.update({ projectId: p.id, patch: { goldRate: 0.25 } })
    expect(await callerFor(r).projects.settings({ projectId: p.id })).toMatchObject({ goldRate: 0.25 })
    await expect(callerFor(a).projects.settings({ projectId: p.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(r).projects.settings({ projectId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
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
