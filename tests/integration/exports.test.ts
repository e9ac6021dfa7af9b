// Exports on a real database: the TRL records of a hand-made project (majority, ties, no majority,
// source filter, minimum agreement), the full export with every label, paging, and who may export.
import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { exportProject, type ExportInput } from '@/server/services/exports/export-project.ts'
import { makeProject, makeUser } from './helpers.ts'

type Src = 'HUMAN' | 'AI' | 'SELF'
type Choice = 'A' | 'B' | 'TIE'
let researcher: Actor
let projectId: string
let userLabelId: string

/** prompt → labels [source, choice]; response A is "<prompt> A", response B "<prompt> B". */
const PAIRS: Record<string, [Src, Choice][]> = {
  p1: [['HUMAN', 'A'], ['HUMAN', 'A'], ['HUMAN', 'B']], // A, agreement 2/3
  p2: [['HUMAN', 'B'], ['HUMAN', 'B'], ['SELF', 'A']], // human B (1.0); any B (2/3)
  p3: [['HUMAN', 'A'], ['HUMAN', 'B']], // no strict majority
  p4: [['HUMAN', 'TIE'], ['HUMAN', 'TIE'], ['HUMAN', 'A'], ['AI', 'A']], // human majority is a tie
  p5: [['AI', 'B']], // AI only
  p6: [], // unlabelled
}

async function lines(input: Omit<ExportInput, 'projectId'>, actor = researcher) {
  const { lines: gen, filename } = await exportProject(actor, { projectId, ...input })
  let text = ''
  for await (const chunk of gen) text += chunk
  return { filename, records: text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) }
}
const trl = async (source: string, minAgreement = 0) =>
  (await lines({ kind: 'trl', source: source as ExportInput['source'], minAgreement })).records.map((r) => `${r.prompt}:${r.chosen}>${r.rejected}`)

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  const annotator = await makeUser('ANNOTATOR')
  const project = await makeProject({ owner: researcher })
  projectId = project.id
  for (const [name, labels] of Object.entries(PAIRS)) {
    const prompt = await db.prompt.create({ data: { projectId, text: name, contentHash: `h-${name}` } })
    const [a, b] = await Promise.all(['A', 'B'].map((s) => db.response.create({ data: { promptId: prompt.id, text: `${name} ${s}`, contentHash: `${name}-${s}`, model: `model-${s}` } })))
    const pair = await db.pair.create({ data: { projectId, promptId: prompt.id, responseAId: a.id, responseBId: b.id, contentHash: `pair-${name}`, sourceRef: `test:${name}` } })
    for (const [i, [source, choice]] of labels.entries()) {
      const byUser = name === 'p1' && i === 0
      const label = await db.label.create({
        data: {
          pairId: pair.id, projectId, source, choice, raterKey: byUser ? `user:${annotator.id}` : `ext:${source}-${i}`, userId: byUser ? annotator.id : null,
          raterName: byUser ? null : `rater ${i}`, confidence: byUser ? 4 : null, probability: source === 'AI' ? 0.3 : null, rationale: source === 'AI' ? 'because' : null,
        },
      })
      if (byUser) userLabelId = label.id
    }
  }
})

describe('TRL export', () => {
  test('human labels: the majority choice is chosen; ties and pairs without a strict majority are left out', async () => {
    expect(await trl('HUMAN')).toEqual(['p1:p1 A>p1 B', 'p2:p2 B>p2 A'])
  })

  test('the source filter decides which labels vote', async () => {
    expect(await trl('AI')).toEqual(['p4:p4 A>p4 B', 'p5:p5 B>p5 A'])
    expect(await trl('SELF')).toEqual(['p2:p2 A>p2 B'])
    // All sources: p4 is TIE 2 vs A 2, no strict majority.
    expect(await trl('ANY')).toEqual(['p1:p1 A>p1 B', 'p2:p2 B>p2 A', 'p5:p5 B>p5 A'])
  })

  test('minimum agreement: the share of the source\'s labels that agree with the majority', async () => {
    expect(await trl('HUMAN', 0.67)).toEqual(['p2:p2 B>p2 A'])
    expect(await trl('HUMAN', 0.66)).toEqual(['p1:p1 A>p1 B', 'p2:p2 B>p2 A'])
    expect(await trl('ANY', 0.7)).toEqual(['p5:p5 B>p5 A'])
  })

  test('records hold exactly prompt, chosen and rejected; the file name says what was exported', async () => {
    const { records, filename } = await lines({ kind: 'trl', source: 'HUMAN', minAgreement: 0.5 })
    expect(Object.keys(records[0])).toEqual(['prompt', 'chosen', 'rejected'])
    expect(filename).toMatch(/-trl-human-min0\.5\.jsonl$/)
  })
})

describe('full export', () => {
  test('every pair in import order with every label and its details', async () => {
    const { records, filename } = await lines({ kind: 'full' })
    expect(filename).toMatch(/-full\.jsonl$/)
    expect(records.map((r) => r.prompt)).toEqual(Object.keys(PAIRS))
    const labelCount = Object.values(PAIRS).reduce((n, l) => n + l.length, 0)
    expect(records.flatMap((r) => r.labels)).toHaveLength(labelCount)
    expect(records[0]).toMatchObject({ source_ref: 'test:p1', response_a: 'p1 A', response_b: 'p1 B', model_a: 'model-A', model_b: 'model-B' })
    const userLabel = records[0].labels.find((l: { user_id: string | null }) => l.user_id)
    expect(userLabel).toMatchObject({ source: 'HUMAN', choice: 'A', confidence: 4, rater_name: expect.stringMatching(/annotator/) })
    expect(typeof userLabel.created_at).toBe('string')
    expect(userLabelId).toBeTruthy()
    expect(records[4].labels[0]).toMatchObject({ source: 'AI', probability: 0.3, rationale: 'because' })
  })

  test('large projects are read page by page (more pairs than one page)', async () => {
    const big = await makeProject({ owner: researcher, pairs: 0 })
    const prompt = await db.prompt.create({ data: { projectId: big.id, text: 'many', contentHash: 'many' } })
    const responses = await db.response.createManyAndReturn({ data: Array.from({ length: 1201 }, (_, i) => ({ promptId: prompt.id, text: `r${i}`, contentHash: `r${i}` })) })
    await db.pair.createMany({ data: Array.from({ length: 1200 }, (_, i) => ({ projectId: big.id, promptId: prompt.id, responseAId: responses[i].id, responseBId: responses[i + 1].id, contentHash: `big${i}` })) })
    const { lines: gen } = await exportProject(researcher, { projectId: big.id, kind: 'full' })
    let chunks = 0
    let count = 0
    for await (const chunk of gen) { chunks++; count += chunk.split('\n').filter(Boolean).length }
    expect(count).toBe(1200)
    expect(chunks).toBe(3)
  })
})

describe('who may export', () => {
  test('annotators are refused, even on their own project', async () => {
    const annotator = await makeUser('ANNOTATOR')
    await db.projectMember.create({ data: { projectId, userId: annotator.id } })
    await expect(exportProject(annotator, { projectId, kind: 'trl' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(exportProject(annotator, { projectId, kind: 'full' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  test('bad parameters are a BAD_REQUEST', async () => {
    await expect(exportProject(researcher, { projectId, kind: 'trl', minAgreement: 2 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
