// The one human reference on a real database: the SQL function on the hand cases the TypeScript
// mirror's unit test uses, and the judge dashboard on a single-label import (one gold label per
// pair, as JSONL_PAIRS gives) with hand-computed alignment, under minHumanLabels 1 and 2.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { importLocalFile } from '@/server/services/imports/import-local-file.ts'
import { REFERENCE_CASES } from '../support/human-reference-cases.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

const other = (c: 'A' | 'B' | 'TIE') => (c === 'A' ? 'B' : 'A')

describe('the human reference', () => {
  test('rl_human_reference gives the hand cases the TypeScript mirror gives', async () => {
    for (const c of REFERENCE_CASES) {
      const [{ ref }] = await db.$queryRaw<{ ref: string | null }[]>`
        SELECT rl_human_reference(${c.votes.A}::bigint, ${c.votes.B}::bigint, ${c.votes.TIE}::bigint, ${c.min}::int)::text AS ref`
      expect({ case: c.name, ref }).toEqual({ case: c.name, ref: c.expected })
    }
  })

  test('the judge dashboard on a single-label import: 3 of 5 pairs, 3 of 4 answered; none with minimum 2', async () => {
    const r = await makeUser('RESEARCHER')
    const project = await makeProject({ owner: r })
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-ref-')), 'gold.jsonl')
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ prompt: `gold question ${i}?`, chosen: `good ${i}`, rejected: `bad ${i}` }))
    fs.writeFileSync(file, lines.join('\n') + '\n')
    const imp = await importLocalFile(r, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filePath: file })
    expect(imp).toMatchObject({ pairsCreated: 5, labelsCreated: 5 })
    const gold = await db.label.findMany({ where: { pair: { projectId: project.id } }, orderBy: { pair: { ordinal: 'asc' } }, select: { pairId: true, choice: true } })
    // The judge agrees on p0–p2, picks the other response on p3 and has no label on p4.
    await db.label.createMany({
      data: gold.slice(0, 4).map((g, i) => ({ pairId: g.pairId, projectId: project.id, source: 'AI' as const, raterKey: 'judge:gold', raterName: 'Gold judge', choice: i < 3 ? g.choice : other(g.choice) })),
    })
    const api = callerFor(r)
    const dash = await api.judges.dashboard({ projectId: project.id, raterKey: 'judge:gold' })
    // pairs = 5 references in the judge's dataset; agree 3 → 3/5; answered 4 → 3/4.
    expect(dash.headline).toMatchObject({ pairs: 5, answered: 4, agree: 3, rate: 0.6, answeredRate: 0.75 })
    expect(dash.alignment).toMatchObject({ n: 4, agree: 3 })
    expect(dash.disagreements).toHaveLength(1)
    expect(dash.disagreements[0]).toMatchObject({ pairId: gold[3].pairId, human: gold[3].choice, humanVotes: [gold[3].choice] })
    expect(dash.reference).toEqual({ minHumanLabels: 1, note: 'human reference: majority of ≥ 1 human label' })
    const agreement = await api.agreement.project({ projectId: project.id })
    expect(agreement.judges[0]).toMatchObject({ raterKey: 'judge:gold', pairs: 5, agree: 3, rate: 0.6 })

    // A minimum of 2 human labels: no pair has a reference, so the judge has nothing to meet.
    await api.projects.update({ projectId: project.id, patch: { minHumanLabels: 2 } })
    const strict = await api.judges.dashboard({ projectId: project.id, raterKey: 'judge:gold' })
    expect(strict.headline).toMatchObject({ pairs: 0, answered: 0, rate: null })
    expect(strict.alignment.n).toBe(0)
    expect(strict.reference.note).toBe('human reference: majority of ≥ 2 human labels')
    const strictAgreement = await api.agreement.project({ projectId: project.id })
    expect(strictAgreement.judges[0]).toMatchObject({ pairs: 0, rate: null })
    expect(strictAgreement.reference.minHumanLabels).toBe(2)
  })

  test('minHumanLabels is 1..20 and only staff may change it', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const project = await makeProject({ owner: r, members: [a] })
    await expect(callerFor(r).projects.update({ projectId: project.id, patch: { minHumanLabels: 0 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(callerFor(r).projects.update({ projectId: project.id, patch: { minHumanLabels: 21 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(callerFor(a).projects.update({ projectId: project.id, patch: { minHumanLabels: 3 } })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(a).projects.update({ projectId: project.id, patch: { importedLabelsCountTowardOverlap: false } })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(r).projects.update({ projectId: project.id, patch: { minHumanLabels: 20 } })).resolves.toMatchObject({ minHumanLabels: 20 })
  })
})
