// Gold pairs through the annotation API: served blind ahead of the normal order at the project's
// rate (each annotator once), in exactly the shape of a normal item, and each annotator's gold
// accuracy with its 95% Wilson interval and the flag below the threshold.
import { describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { callerFor, itemShape, makeProject, makeUser } from './helpers.ts'

describe('gold pairs', () => {
  test('served first at rate 1, once per annotator, shaped like any item; accuracy and flag on the agreement page', async () => {
    const researcher = await makeUser('RESEARCHER')
    const [ann1, ann2] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const project = await makeProject({ owner: researcher, pairs: 6, overlap: 1, members: [ann1, ann2] })
    const pairs = (await db.pair.findMany({ where: { projectId: project.id }, orderBy: { ordinal: 'asc' }, select: { id: true } })).map((p) => p.id)
    const staff = callerFor(researcher)
    await staff.data.setGold({ pairId: pairs[3], choice: 'A' })
    await staff.data.setGold({ pairId: pairs[4], choice: 'B' })
    await staff.projects.update({ projectId: project.id, patch: { goldRate: 1 } })

    const api = callerFor(ann1)
    const served: string[] = []
    const shapes: string[] = []
    for (const choice of ['A', 'A', 'B'] as const) { // gold 3 right, gold 4 wrong, then a normal pair
      const item = await api.annotation.next({ projectId: project.id })
      if (item.done) throw new Error('the queue ended early')
      served.push(item.pair.id)
      shapes.push(itemShape(JSON.parse(JSON.stringify(item))))
      await api.annotation.submit({ assignmentId: item.assignmentId, choice })
    }
    expect(served).toEqual([pairs[3], pairs[4], pairs[0]]) // both gold pairs first, then the normal order
    expect(new Set(shapes).size).toBe(1)
    expect(JSON.stringify(await api.annotation.next({ projectId: project.id }))).not.toMatch(/gold/i)

    const gold = await staff.agreement.gold({ projectId: project.id })
    expect(gold.goldPairs).toBe(2)
    expect(gold.annotators).toHaveLength(1)
    const [row] = gold.annotators
    expect(row).toMatchObject({ userId: ann1.id, answered: 2, correct: 1, flagged: false }) // 2 answers < the minimum of 5
    // Wilson, 1 of 2: (0.5 + z²/4 ± z·√(1/8 + z²/16)) / (1 + z²/2), z = 1.96
    expect(row.accuracy.value).toBe(0.5)
    expect(row.accuracy.low).toBeCloseTo(0.0945, 3)
    expect(row.accuracy.high).toBeCloseTo(0.9055, 3)
    await staff.projects.update({ projectId: project.id, patch: { goldMinAnswers: 2 } })
    expect((await staff.agreement.gold({ projectId: project.id })).annotators[0].flagged).toBe(true) // 50% < 70%

    // Rate 0: the next annotator gets the normal order (pairs 0 and 1 are taken at overlap 1, the
    // second by the call above that looked for the word "gold").
    await staff.projects.update({ projectId: project.id, patch: { goldRate: 0 } })
    const first = await callerFor(ann2).annotation.next({ projectId: project.id })
    expect(first.done ? null : first.pair.id).toBe(pairs[2])
    await expect(callerFor(ann2).agreement.gold({ projectId: project.id })).rejects.toThrow(/researcher or admin/)
  })
})
