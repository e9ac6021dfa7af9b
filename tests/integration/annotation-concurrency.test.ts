// The annotation queue under concurrency (two tabs, annotators racing for the last slot) and lease
// expiry (an abandoned lease goes back to the pool; a late submit counts only while there is room).
import { describe, expect, test } from 'vitest'
import { callerFor, makeProject, makeUser } from './helpers.ts'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'

const past = () => new Date(Date.now() - 60_000)

describe('annotation queue concurrency', () => {
  test('two tabs submit the same lease at once: one label is stored, the other gets CONFLICT', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 3, overlap: 2, members: [a] })
    const [tab1, tab2] = [callerFor(a), callerFor(a)]
    const item = await tab1.annotation.next({ projectId: p.id })
    if (item.done) throw new Error('expected an item')
    expect(await tab2.annotation.next({ projectId: p.id })).toEqual(item)
    const results = await Promise.allSettled([
      tab1.annotation.submit({ assignmentId: item.assignmentId, choice: 'A' }),
      tab2.annotation.submit({ assignmentId: item.assignmentId, choice: 'B' }),
    ])
    expect(results.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected'])
    const rejected = results.find((x) => x.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already labelled') })
    expect(await db.label.count({ where: { pairId: item.pair.id } })).toBe(1)
    // The losing tab reloads and lands on the same next item as the winner.
    const winner = (results.find((x) => x.status === 'fulfilled') as PromiseFulfilledResult<typeof item>).value
    expect(await tab2.annotation.next({ projectId: p.id })).toEqual(winner)
  })

  test('two tabs asking for the next item at once get the same lease', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 5, members: [a] })
    const items = await Promise.all([1, 2, 3, 4].map(() => callerFor(a).annotation.next({ projectId: p.id })))
    expect(new Set(items.map((i) => (i.done ? null : i.assignmentId))).size).toBe(1)
    expect(await db.assignment.count({ where: { projectId: p.id, userId: a.id } })).toBe(1)
  })

  test('two annotators race for a one-pair, overlap-1 project: only one gets it', async () => {
    const r = await makeUser('RESEARCHER')
    const [a, b] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const p = await makeProject({ owner: r, pairs: 1, overlap: 1, members: [a, b] })
    const [ia, ib] = await Promise.all([callerFor(a).annotation.next({ projectId: p.id }), callerFor(b).annotation.next({ projectId: p.id })])
    expect([ia.done, ib.done].sort()).toEqual([false, true])
    expect(await db.pair.findFirstOrThrow({ where: { projectId: p.id } })).toMatchObject({ claimCount: 1 })
  })

  test('many annotators at once on overlap 2: no pair gets more than 2 labels, none is labelled twice by one person', async () => {
    const r = await makeUser('RESEARCHER')
    const anns = await Promise.all(Array.from({ length: 6 }, () => makeUser('ANNOTATOR')))
    const p = await makeProject({ owner: r, pairs: 8, overlap: 2, members: anns })
    const work = async (a: Actor, skipFirst: boolean) => {
      const api = callerFor(a)
      let item = await api.annotation.next({ projectId: p.id })
      let skipped = false
      while (!item.done) {
        if (skipFirst && !skipped) {
          skipped = true
          item = await api.annotation.skip({ assignmentId: item.assignmentId })
        } else {
          item = await api.annotation.submit({ assignmentId: item.assignmentId, choice: 'A' })
        }
      }
    }
    await Promise.all(anns.map((a, k) => work(a, k % 3 === 2)))
    // "Finished" is a snapshot: a pair someone skipped after another annotator was told so comes
    // back to the pool. Asking again picks those up.
    for (const a of anns) await work(a, false)
    const pairs = await db.pair.findMany({ where: { projectId: p.id }, include: { _count: { select: { labels: true } } } })
    expect(pairs.map((x) => x._count.labels)).toEqual(Array(8).fill(2))
    expect(pairs.map((x) => x.claimCount)).toEqual(Array(8).fill(2))
    const perPerson = await db.label.groupBy({ by: ['pairId', 'userId'], where: { pair: { projectId: p.id } }, _count: true })
    expect(perPerson.every((x) => x._count === 1)).toBe(true)
    expect(await db.assignment.count({ where: { projectId: p.id, status: 'OPEN' } })).toBe(0)
  })

  test('an expired lease returns the pair to the pool', async () => {
    const r = await makeUser('RESEARCHER')
    const [a, b] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const p = await makeProject({ owner: r, pairs: 1, overlap: 1, members: [a, b] })
    const held = await callerFor(a).annotation.next({ projectId: p.id })
    if (held.done) throw new Error('expected an item')
    expect(await callerFor(b).annotation.next({ projectId: p.id })).toMatchObject({ done: true })
    await db.assignment.update({ where: { id: held.assignmentId }, data: { expiresAt: past() } })
    const taken = await callerFor(b).annotation.next({ projectId: p.id })
    expect(taken).toMatchObject({ done: false, pair: { id: held.pair.id } })
    expect(await db.assignment.findUniqueOrThrow({ where: { id: held.assignmentId } })).toMatchObject({ status: 'EXPIRED' })
    expect(await db.pair.findUniqueOrThrow({ where: { id: held.pair.id } })).toMatchObject({ claimCount: 1 })
    // The first annotator's late submit: the pair is full now, so it is refused with a reason.
    await expect(callerFor(a).annotation.submit({ assignmentId: held.assignmentId, choice: 'A' }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('ran out') })
    // …and the first annotator is not offered that pair again.
    expect(await callerFor(a).annotation.next({ projectId: p.id })).toMatchObject({ done: true })
  })

  test('an expired lease may still be submitted while its pair has room', async () => {
    const r = await makeUser('RESEARCHER')
    const [a, b] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const p = await makeProject({ owner: r, pairs: 1, overlap: 2, members: [a, b] })
    const held = await callerFor(a).annotation.next({ projectId: p.id })
    if (held.done) throw new Error('expected an item')
    // What the lazy sweep does to an abandoned lease: EXPIRED, and its slot given back.
    await db.assignment.update({ where: { id: held.assignmentId }, data: { expiresAt: past(), status: 'EXPIRED' } })
    await db.pair.update({ where: { id: held.pair.id }, data: { claimCount: { decrement: 1 } } })
    expect(await callerFor(b).annotation.next({ projectId: p.id })).toMatchObject({ done: false, pair: { id: held.pair.id } })
    const after = await callerFor(a).annotation.submit({ assignmentId: held.assignmentId, choice: 'B' })
    expect(after).toMatchObject({ done: true, progress: { mine: 1 } })
    expect(await db.pair.findUniqueOrThrow({ where: { id: held.pair.id } })).toMatchObject({ claimCount: 2 })
    expect(await db.assignment.findUniqueOrThrow({ where: { id: held.assignmentId } })).toMatchObject({ status: 'DONE' })
  })

  test('a stale lease nobody has swept yet is still the annotator\'s to submit', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 2, overlap: 1, members: [a] })
    const held = await callerFor(a).annotation.next({ projectId: p.id })
    if (held.done) throw new Error('expected an item')
    await db.assignment.update({ where: { id: held.assignmentId }, data: { expiresAt: past() } })
    await callerFor(a).annotation.submit({ assignmentId: held.assignmentId, choice: 'A' })
    expect(await db.label.count({ where: { pairId: held.pair.id } })).toBe(1)
    expect(await db.pair.findUniqueOrThrow({ where: { id: held.pair.id } })).toMatchObject({ claimCount: 1 })
  })

  test('skipping a lease twice (two tabs) releases its slot once', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const p = await makeProject({ owner: r, pairs: 2, overlap: 2, members: [a] })
    const item = await callerFor(a).annotation.next({ projectId: p.id })
    if (item.done) throw new Error('expected an item')
    await Promise.all([1, 2].map(() => callerFor(a).annotation.skip({ assignmentId: item.assignmentId })))
    expect(await db.pair.findUniqueOrThrow({ where: { id: item.pair.id } })).toMatchObject({ claimCount: 0 })
    expect(await db.auditLog.count({ where: { entityId: item.assignmentId, action: 'assignment.skip' } })).toBe(1)
  })
})
