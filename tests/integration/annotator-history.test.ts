// An annotator's own labels on a real database: the History list (own labels only, paged),
// revising one (audited; refused when the project's setting is off, for someone else's label and
// for a non-member), flags (only on a pair one was given; staff resolve them once), and the
// explorer's PairStats counts following labels, revisions and undo.
import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

let researcher: Actor
let ann: Actor
let other: Actor
let outsider: Actor
let projectId: string

/** Labels `n` pairs through the real queue as `who`, choosing A; returns the labels' pair ids in order. */
async function label(who: Actor, n: number) {
  const api = callerFor(who).annotation
  let item = await api.next({ projectId })
  const pairs: string[] = []
  for (let i = 0; i < n && !item.done; i++) {
    pairs.push(item.pair.id)
    item = await api.submit({ assignmentId: item.assignmentId, choice: 'A', confidence: 3 })
  }
  return pairs
}

/** PairStats of the project against the labels counted here. */
async function statsMatchLabels() {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Pair" p JOIN "PairStats" s ON s."pairId" = p.id
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE choice = 'A')::int AS a, count(*) FILTER (WHERE choice = 'B')::int AS b, count(*) FILTER (WHERE choice = 'TIE')::int AS t
      FROM "Label" l WHERE l."pairId" = p.id AND l.source = 'HUMAN') c
    WHERE p."projectId" = ${projectId} AND (s."humanA", s."humanB", s."humanTie") IS DISTINCT FROM (c.a, c.b, c.t)`
  return rows[0].n === 0
}

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  ;[ann, other, outsider] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
  projectId = (await makeProject({ owner: researcher, pairs: 6, overlap: 2, members: [ann, other] })).id
  await label(ann, 3)
  await label(other, 2)
})

describe('history', () => {
  test('lists only the caller’s labels, newest first, in pages', async () => {
    const api = callerFor(ann).annotation
    const first = await api.history({ projectId, limit: 2 })
    expect(first.items).toHaveLength(2)
    expect(first.allowRevision).toBe(true)
    const second = await api.history({ projectId, limit: 2, after: first.next! })
    expect(second.items).toHaveLength(1)
    expect(second.next).toBeNull()
    const all = [...first.items, ...second.items]
    const mine = await db.label.findMany({ where: { userId: ann.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
    expect(all.map((l) => l.id)).toEqual(mine.map((l) => l.id))
    expect(all.every((l) => l.choice === 'A' && l.confidence === 3 && l.pair.prompt.startsWith('prompt '))).toBe(true)
    expect((await callerFor(other).annotation.history({ projectId })).items.map((l) => l.id).sort()).toEqual(
      (await db.label.findMany({ where: { userId: other.id } })).map((l) => l.id).sort())
  })

  test('a non-member sees nothing', async () => {
    await expect(callerFor(outsider).annotation.history({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('revising a label', () => {
  test('changes choice, confidence and rationale, audited, and the explorer counts follow', async () => {
    const [l] = (await callerFor(ann).annotation.history({ projectId, limit: 1 })).items
    const revised = await callerFor(ann).annotation.revise({ labelId: l.id, choice: 'B', confidence: 5, rationale: ' B is kinder ' })
    expect(revised).toMatchObject({ id: l.id, choice: 'B', confidence: 5, rationale: 'B is kinder' })
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'label.revise', entityId: l.id } })
    expect(audit).toMatchObject({ userId: ann.id, detail: { pairId: l.pair.id, from: { choice: 'A', confidence: 3, rationale: null }, to: { choice: 'B', confidence: 5, rationale: 'B is kinder' } } })
    expect(await db.pairStats.findUniqueOrThrow({ where: { pairId: l.pair.id } })).toMatchObject({ humanB: 1 })
    expect(await statsMatchLabels()).toBe(true)
  })

  test('someone else’s label is NOT_FOUND; a non-member is refused', async () => {
    const theirs = await db.label.findFirstOrThrow({ where: { userId: other.id } })
    await expect(callerFor(ann).annotation.revise({ labelId: theirs.id, choice: 'B' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await db.label.findUniqueOrThrow({ where: { id: theirs.id } })).choice).toBe('A')
    await db.projectMember.delete({ where: { projectId_userId: { projectId, userId: other.id } } })
    await expect(callerFor(other).annotation.revise({ labelId: theirs.id, choice: 'B' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await db.projectMember.create({ data: { projectId, userId: other.id } })
  })

  test('refused while the project does not allow revisions (staff change the setting)', async () => {
    await callerFor(researcher).projects.update({ projectId, patch: { allowLabelRevision: false } })
    const history = await callerFor(ann).annotation.history({ projectId })
    expect(history.allowRevision).toBe(false)
    await expect(callerFor(ann).annotation.revise({ labelId: history.items[0].id, choice: 'TIE' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(ann).projects.update({ projectId, patch: { allowLabelRevision: true } })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await callerFor(researcher).projects.update({ projectId, patch: { allowLabelRevision: true } })
  })

  test('undo keeps the explorer counts exact', async () => {
    await label(ann, 1)
    await callerFor(ann).annotation.undo({ projectId })
    expect(await statsMatchLabels()).toBe(true)
  })
})

describe('flags', () => {
  test('an annotator flags a pair they labelled; a pair they were never given is NOT_FOUND', async () => {
    const [mine] = (await callerFor(ann).annotation.history({ projectId, limit: 1 })).items
    const flag = await callerFor(ann).annotation.flag({ pairId: mine.pair.id, reason: 'Response B is cut off' })
    expect(await db.pairFlag.findUniqueOrThrow({ where: { id: flag.id } })).toMatchObject({ pairId: mine.pair.id, userId: ann.id, reason: 'Response B is cut off', resolvedAt: null })
    const given = new Set((await db.assignment.findMany({ where: { userId: ann.id } })).map((a) => a.pairId))
    const never = await db.pair.findFirstOrThrow({ where: { projectId, id: { notIn: [...given] } } })
    await expect(callerFor(ann).annotation.flag({ pairId: never.id, reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(outsider).annotation.flag({ pairId: mine.pair.id, reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // Staff see it in the explorer and resolve it, once.
    expect((await callerFor(researcher).data.pairs({ projectId, filter: { flagged: 'open' } })).rows.map((r) => r.id)).toEqual([mine.pair.id])
    await expect(callerFor(ann).data.resolveFlag({ flagId: flag.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await callerFor(researcher).data.resolveFlag({ flagId: flag.id })
    await expect(callerFor(researcher).data.resolveFlag({ flagId: flag.id })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await callerFor(researcher).data.pairs({ projectId, filter: { flagged: 'open' } })).rows).toEqual([])
    expect((await callerFor(researcher).data.pair({ pairId: mine.pair.id })).flags).toEqual([expect.objectContaining({ reason: 'Response B is cut off', resolvedBy: { name: researcher.name } })])
  })

  test('from the annotate screen: the current item (an open lease, not labelled) is flagged and stays the current item', async () => {
    const api = callerFor(other).annotation
    const item = await api.next({ projectId })
    if (item.done) throw new Error('the fixture should leave the other annotator a pair')
    const flag = await api.flag({ pairId: item.pair.id, reason: 'The prompt is empty' })
    expect(await db.pairFlag.findUniqueOrThrow({ where: { id: flag.id } })).toMatchObject({ pairId: item.pair.id, userId: other.id, resolvedAt: null })
    expect(await db.assignment.findUniqueOrThrow({ where: { id: item.assignmentId } })).toMatchObject({ status: 'OPEN' })
    expect(await api.next({ projectId })).toMatchObject({ done: false, assignmentId: item.assignmentId })
    expect((await callerFor(researcher).data.pairs({ projectId, filter: { flagged: 'open' } })).rows.map((r) => r.id)).toEqual([item.pair.id])
  })
})
