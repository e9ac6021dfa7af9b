// The annotation queue through the tRPC API: overlap, skip, undo, reload, access and what an
// annotator may see. Concurrency and lease expiry are in annotation-concurrency.test.ts.
import { describe, expect, test } from 'vitest'
import { callerFor, makeProject, makeUser } from './helpers.ts'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'

type Item = Awaited<ReturnType<ReturnType<typeof callerFor>['annotation']['next']>>

/** Labels everything the annotator is offered; returns the pair ids in the order labelled. */
async function labelAll(actor: Actor, projectId: string, choice: 'A' | 'B' | 'TIE' = 'A') {
  const api = callerFor(actor)
  const seen: string[] = []
  let item: Item = await api.annotation.next({ projectId })
  while (!item.done) {
    seen.push(item.pair.id)
    item = await api.annotation.submit({ assignmentId: item.assignmentId, choice, confidence: 4 })
  }
  return seen
}

describe('annotation queue', () => {
  test('overlap 2 with 3 annotators on 3 pairs: every pair labelled exactly twice, nobody twice on a pair', async () => {
    const r = await makeUser('RESEARCHER')
    const anns = await Promise.all([1, 2, 3].map(() => makeUser('ANNOTATOR')))
    const p = await makeProject({ owner: r, pairs: 3, overlap: 2, members: anns })
    const seen = [await labelAll(anns[0], p.id), await labelAll(anns[1], p.id), await labelAll(anns[2], p.id)]
    for (const s of seen) expect(new Set(s).size).toBe(s.length)
    expect(seen.flat()).toHaveLength(6)
    // Started pairs are finished first: the second annotator takes the first one's pairs.
    expect(seen[0]).toHaveLength(3)
    expect(seen[1]).toHaveLength(3)
    expect(seen[2]).toHaveLength(0)
    const labels = await db.label.groupBy({ by: ['pairId'], where: { pair: { projectId: p.id } }, _count: true })
    expect(labels.map((l) => l._count)).toEqual([2, 2, 2])
    const pairs = await db.pair.findMany({ where: { projectId: p.id } })
    expect(pairs.map((x) => x.claimCount)).toEqual([2, 2, 2])
    const done = await callerFor(anns[2]).annotation.next({ projectId: p.id })
    expect(done).toMatchObject({ done: true, progress: { mine: 0, project: { done: 6, needed: 6 } } })
  })

  test('labels are stored as HUMAN with confidence and rationale, audited, and progress counts them', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 2, overlap: 1, members: [a] })
    const api = callerFor(a)
    const first = await api.annotation.next({ projectId: p.id })
    if (first.done) throw new Error('expected an item')
    expect(first.progress).toEqual({ mine: 0, share: 2, project: { done: 0, needed: 2 } })
    const second = await api.annotation.submit({ assignmentId: first.assignmentId, choice: 'B', confidence: 5, rationale: '  B is honest  ' })
    expect(second).toMatchObject({ done: false, progress: { mine: 1, project: { done: 1, needed: 2 } } })
    const label = await db.label.findFirstOrThrow({ where: { pairId: first.pair.id } })
    expect(label).toMatchObject({ source: 'HUMAN', choice: 'B', confidence: 5, rationale: 'B is honest', raterKey: `user:${a.id}`, userId: a.id, projectId: p.id })
    // Label.projectId is the pair's: the database refuses a label that names another project.
    const elsewhere = await makeProject({ owner: r, pairs: 1 })
    await expect(db.label.create({ data: { pairId: first.pair.id, projectId: elsewhere.id, source: 'HUMAN', choice: 'A', raterKey: 'ext:wrong' } })).rejects.toThrow()
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: label.id } })
    expect(audit).toMatchObject({ action: 'label.create', userId: a.id })
    expect(await api.annotation.progress({ projectId: p.id })).toEqual({ mine: 1, share: 2, project: { done: 1, needed: 2 } })
  })

  test('a reload returns the same open item', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 3, members: [a] })
    const one = await callerFor(a).annotation.next({ projectId: p.id })
    const again = await callerFor(a).annotation.next({ projectId: p.id })
    expect(one.done).toBe(false)
    expect(again).toEqual(one)
    expect(await db.assignment.count({ where: { projectId: p.id, userId: a.id } })).toBe(1)
  })

  test('a reload counts labels given through another copy of the app (its cache is not this one)', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 4, overlap: 1, members: [a] })
    const api = callerFor(a)
    const first = await api.annotation.next({ projectId: p.id })
    if (first.done) throw new Error('expected an item')
    const second = await api.annotation.submit({ assignmentId: first.assignmentId, choice: 'A' })
    if (second.done) throw new Error('expected an item')
    expect(second.progress.mine).toBe(1)
    // The web app's other module copy (the API listener beside the Next.js bundle) labels the next
    // pair: the same statement submitLabel runs, without this copy's count bump.
    await db.$queryRaw`SELECT rl_submit_label(${a.id}, false, ${second.assignmentId}, 'B', NULL::int, NULL::text,
      ${'lbl' + Date.now()}, gen_random_uuid()::text, ${'asg' + Date.now()}, 30::float8, false) AS r`
    const reloaded = await api.annotation.next({ projectId: p.id })
    expect(reloaded.progress).toEqual({ mine: 2, share: 4, project: { done: 2, needed: 4 } })
  })

  test('skip: that annotator never sees the pair again, another one does', async () => {
    const r = await makeUser('RESEARCHER')
    const [a, b] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const p = await makeProject({ owner: r, pairs: 2, overlap: 1, members: [a, b] })
    const item = await callerFor(a).annotation.next({ projectId: p.id })
    if (item.done) throw new Error('expected an item')
    const after = await callerFor(a).annotation.skip({ assignmentId: item.assignmentId })
    if (after.done) throw new Error('expected the other pair')
    expect(after.pair.id).not.toBe(item.pair.id)
    expect(await db.pair.findUniqueOrThrow({ where: { id: item.pair.id } })).toMatchObject({ claimCount: 0 })
    const rest = await callerFor(a).annotation.submit({ assignmentId: after.assignmentId, choice: 'A' })
    expect(rest.done).toBe(true)
    expect(await labelAll(b, p.id)).toEqual([item.pair.id])
    expect(await db.auditLog.count({ where: { entityId: item.assignmentId, action: 'assignment.skip' } })).toBe(1)
  })

  test('undo restores the last item with its answer and removes the label; it can walk back twice', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 3, overlap: 1, members: [a] })
    const api = callerFor(a)
    await expect(api.annotation.undo({ projectId: p.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const i1 = await api.annotation.next({ projectId: p.id })
    if (i1.done) throw new Error('expected an item')
    const i2 = await api.annotation.submit({ assignmentId: i1.assignmentId, choice: 'A', confidence: 2 })
    if (i2.done) throw new Error('expected an item')
    const i3 = await api.annotation.submit({ assignmentId: i2.assignmentId, choice: 'TIE', confidence: 3, rationale: 'same' })
    if (i3.done) throw new Error('expected an item')

    const back = await api.annotation.undo({ projectId: p.id })
    expect(back).toMatchObject({ done: false, assignmentId: i2.assignmentId, pair: { id: i2.pair.id }, previous: { choice: 'TIE', confidence: 3, rationale: 'same' } })
    expect(back.progress.mine).toBe(1)
    expect(await db.label.count({ where: { pairId: i2.pair.id } })).toBe(0)
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'label.undo', userId: a.id } })
    expect(audit.detail).toMatchObject({ pairId: i2.pair.id, deleted: { choice: 'TIE', rationale: 'same' } })
    // A reload shows the undone item, not the one that was open before.
    expect(await api.annotation.next({ projectId: p.id })).toMatchObject({ assignmentId: i2.assignmentId })

    const further = await api.annotation.undo({ projectId: p.id })
    expect(further).toMatchObject({ assignmentId: i1.assignmentId, previous: { choice: 'A', confidence: 2 } })
    // Relabel both, then the item that was open before the undos comes back.
    const n1 = await api.annotation.submit({ assignmentId: i1.assignmentId, choice: 'B' })
    expect(n1).toMatchObject({ assignmentId: i2.assignmentId, previous: null })
    const n2 = await api.annotation.submit({ assignmentId: i2.assignmentId, choice: 'B' })
    expect(n2).toMatchObject({ assignmentId: i3.assignmentId })
    expect(await db.pair.findMany({ where: { projectId: p.id }, select: { claimCount: true } })).toEqual([{ claimCount: 1 }, { claimCount: 1 }, { claimCount: 1 }])
  })

  test('non-members are refused; staff may label any project; others cannot use my lease', async () => {
    const r = await makeUser('RESEARCHER')
    const [member, outsider] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const p = await makeProject({ owner: r, pairs: 2, members: [member] })
    const api = callerFor(outsider)
    await expect(api.annotation.next({ projectId: p.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(api.annotation.undo({ projectId: p.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(api.annotation.progress({ projectId: p.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(null).annotation.next({ projectId: p.id })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    const mine = await callerFor(member).annotation.next({ projectId: p.id })
    if (mine.done) throw new Error('expected an item')
    await expect(api.annotation.submit({ assignmentId: mine.assignmentId, choice: 'A' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(api.annotation.skip({ assignmentId: mine.assignmentId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const staff = await callerFor(r).annotation.next({ projectId: p.id })
    expect(staff.done).toBe(false)
    // Removed from the project mid-queue: the open lease cannot be submitted any more.
    await db.projectMember.deleteMany({ where: { projectId: p.id, userId: member.id } })
    await expect(callerFor(member).annotation.submit({ assignmentId: mine.assignmentId, choice: 'A' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  test('input is validated: choice, confidence 1..5, rationale length', async () => {
    const a = await makeUser('ANNOTATOR')
    const api = callerFor(a)
    await expect(api.annotation.submit({ assignmentId: 'x', choice: 'C' as 'A' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(api.annotation.submit({ assignmentId: 'x', choice: 'A', confidence: 6 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(api.annotation.submit({ assignmentId: 'x', choice: 'A', confidence: 2.5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(api.annotation.submit({ assignmentId: 'x', choice: 'A', rationale: 'x'.repeat(5001) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  test('an annotator never receives other labels or model names for a pair', async () => {
    const r = await makeUser('RESEARCHER')
    const [a, b] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const p = await makeProject({ owner: r, pairs: 1, overlap: 2, members: [a, b] })
    const pair = await db.pair.findFirstOrThrow({ where: { projectId: p.id } })
    await db.response.update({ where: { id: pair.responseAId }, data: { model: 'secret-model-name' } })
    await db.label.createMany({ data: [
      { pairId: pair.id, projectId: p.id, source: 'AI', choice: 'A', probability: 0.91, raterKey: 'judge:gpt', raterName: 'secret-judge', rationale: 'judge-rationale' },
      { pairId: pair.id, projectId: p.id, source: 'HUMAN', choice: 'B', raterKey: 'ext:hh', raterName: 'secret-crowd', rationale: 'crowd-rationale' },
    ] })
    await labelAll(a, p.id, 'TIE')
    const item = await callerFor(b).annotation.next({ projectId: p.id })
    expect(item.done).toBe(false)
    const json = JSON.stringify(item)
    for (const leak of ['secret-model-name', 'secret-judge', 'secret-crowd', 'judge-rationale', 'crowd-rationale', '0.91', 'TIE', 'raterKey', 'labels']) {
      expect(json).not.toContain(leak)
    }
    expect(Object.keys(item).sort()).toEqual(['assignmentId', 'done', 'expiresAt', 'pair', 'previous', 'progress'])
    if (!item.done) expect(Object.keys(item.pair).sort()).toEqual(['id', 'prompt', 'responseA', 'responseB'])
  })
})
