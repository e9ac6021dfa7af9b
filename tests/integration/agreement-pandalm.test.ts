// Reproduces published-data numbers through getProjectAgreement: the PandaLM test set (999 pairs,
// three human annotators each) and GPT-3.5-turbo's judgements of it. GPT-3.5 agrees with the human
// majority on 697 of the 999 pairs (69.8 %): every pair has a strict plurality of its 3 human labels,
// and its 25 unparseable ('garbage') judge outputs count as disagreements; on the 974 pairs it did
// label, 697 / 974 = 71.6 %. The expected κ / α values were computed independently (plain Python
// over the same files). The labels are built straight from the files here so that this test checks
// the agreement maths, not the importer's handling of the set's empty and duplicate responses.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { callerFor, makeProject, makeUser } from './helpers.ts'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'

const DIR = path.resolve(import.meta.dirname, '../../data/datasets/pandalm')
type Row = Record<string, unknown>
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Row[]
const HUMAN: Record<string, 'A' | 'B' | 'TIE'> = { '0': 'TIE', '1': 'A', '2': 'B' }
const JUDGE: Record<string, 'A' | 'B' | 'TIE'> = { '1': 'A', '2': 'B', Tie: 'TIE' }

/** One pair per test-set item (idx), response1 as A; labels as ext:/judge: raters like the importer's. */
async function loadPandaLm(projectId: string) {
  const set = read('testset-v1.json')
  const judge = read('judge-gpt-3.5-turbo-testset-v1.json')
  const prompts = await db.prompt.createManyAndReturn({
    data: set.map((r) => ({ projectId, text: `${r.instruction}\n\n${r.input}`, contentHash: `pandalm:${r.idx}` })),
    select: { id: true },
  })
  const responses = await db.response.createManyAndReturn({
    data: set.flatMap((r, i) => [1, 2].map((k) => ({ promptId: prompts[i].id, text: String(r[`response${k}`]), contentHash: `r${k}` }))),
    select: { id: true, promptId: true, contentHash: true },
  })
  const byPrompt = new Map(responses.map((x) => [`${x.promptId}/${x.contentHash}`, x.id]))
  const pairs = await db.pair.createManyAndReturn({
    data: set.map((r, i) => ({
      projectId, promptId: prompts[i].id, contentHash: `pandalm:${r.idx}`, sourceRef: `pandalm:${r.idx}`,
      responseAId: byPrompt.get(`${prompts[i].id}/r1`)!, responseBId: byPrompt.get(`${prompts[i].id}/r2`)!,
    })),
    select: { id: true, sourceRef: true },
  })
  const pairOf = new Map(pairs.map((p) => [p.sourceRef, p.id]))
  const humans = set.flatMap((r) => [1, 2, 3].map((k) => ({
    pairId: pairOf.get(`pandalm:${r.idx}`)!, projectId, source: 'HUMAN' as const, choice: HUMAN[String(r[`annotator${k}`])],
    raterKey: `ext:pandalm-annotator${k}`, raterName: `PandaLM annotator ${k}`,
  })))
  const judged = judge.filter((r) => String(r.gpt_result) in JUDGE).map((r) => ({
    pairId: pairOf.get(`pandalm:${r.idx}`)!, projectId, source: 'AI' as const, choice: JUDGE[String(r.gpt_result)],
    raterKey: 'judge:gpt-3.5-turbo', raterName: 'gpt-3.5-turbo',
  }))
  await db.label.createMany({ data: [...humans, ...judged] })
  return { pairs: set.length, judged: judged.length }
}

describe('agreement on the PandaLM test set', () => {
  let researcher: Actor
  let projectId: string
  beforeAll(async () => {
    researcher = await makeUser('RESEARCHER')
    projectId = (await makeProject({ owner: researcher })).id
    expect(await loadPandaLm(projectId)).toEqual({ pairs: 999, judged: 974 })
  })

  test('GPT-3.5-turbo agrees with the human majority on 69.8 % of the pairs', async () => {
    const res = await callerFor(researcher).agreement.project({ projectId })
    expect(res.judges).toHaveLength(1)
    const gpt = res.judges[0]
    expect(gpt).toMatchObject({ raterKey: 'judge:gpt-3.5-turbo', name: 'gpt-3.5-turbo', labels: 974, pairs: 999, answered: 974, agree: 697 })
    expect(Math.round(gpt.rate! * 1000) / 10).toBe(69.8)
    expect(Math.round(gpt.answeredRate! * 1000) / 10).toBe(71.6)
    // Every answered pair lands in one confusion cell; the diagonal is the agreement.
    expect(gpt.confusion.flat().reduce((a, b) => a + b)).toBe(974)
    expect(gpt.confusion[0][0] + gpt.confusion[1][1] + gpt.confusion[2][2]).toBe(697)
  })

  test('the three human annotators: Fleiss κ, Krippendorff α, pairwise Cohen κ, majority agreement', async () => {
    const res = await callerFor(researcher).agreement.project({ projectId })
    expect(res.overall).toEqual({ pairs: 999, labelledPairs: 999, pairsWith2plus: 999, ratings: 2997, raters: 3 })
    expect(res.fleiss.kappa).toBeCloseTo(0.8641753649975505, 10)
    expect(res.krippendorff.alpha).toBeCloseTo(0.8642206851960816, 10)
    expect(res.pairwise.map((p) => [p.nameX, p.nameY, p.kappa?.toFixed(6)])).toEqual([
      ['PandaLM annotator 1', 'PandaLM annotator 2', '0.852023'],
      ['PandaLM annotator 1', 'PandaLM annotator 3', '0.878944'],
      ['PandaLM annotator 2', 'PandaLM annotator 3', '0.861661'],
    ])
    const majority = Object.fromEntries(res.raters.map((s) => [s.raterKey, [s.majority.n, s.majority.agree]]))
    expect(majority).toEqual({
      'ext:pandalm-annotator1': [917, 879], 'ext:pandalm-annotator2': [928, 879], 'ext:pandalm-annotator3': [912, 879],
    })
    expect(res.distribution.counts).toEqual({ A: 1255, B: 1416, TIE: 326 })
    // 879 unanimous pairs, 120 with two of three; no pair where all three differ.
    expect(res.itemAgreement).toEqual([{ share: 1, pairs: 879 }, { share: 0.667, pairs: 120 }])
  })
})
