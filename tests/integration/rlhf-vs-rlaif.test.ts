// The "RLHF vs RLAIF" preset on real PandaLM items (the first 120, with GPT-3.5-turbo's verdicts):
// what one click queues (three reward models scoped to the PandaLM pairs and their imported labels,
// on disjoint slices; one SFT policy; two PPO runs; one evaluation), how each job waits for its inputs,
// what the scoped runs read (training pairs, prompts), and that a failed start leaves nothing queued.
// The runs themselves are each covered by their own job tests; the whole experiment is run by
// `npm run experiment:rlhf-vs-rlaif` (docs/experiments.md).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { inSlice } from '@/server/lib/pair-scope.ts'
import { importLocalFile } from '@/server/services/imports/import-local-file.ts'
import { writePromptSet } from '@/server/services/policies/write-prompt-set.ts'
import { rewardModelConfigSchema } from '@/server/services/reward-models/training-config.ts'
import { writeTrainingPairs } from '@/server/services/reward-models/write-training-pairs.ts'
import { callerFor, makeProject, makeUser, settleOtherJobs } from './helpers.ts'
import { writePandalmSubset } from './pandalm-subset.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rlhf-vs-rlaif-'))
let researcher: Actor
let projectId: string
let imports: { human: string; ai: string }
let flipPairId: string

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  // Five pairs of its own beside the PandaLM ones: the preset must leave them out.
  projectId = (await makeProject({ owner: researcher, pairs: 5 })).id
  const files = writePandalmSubset(tmp, 120)
  const human = await importLocalFile(researcher, { projectId, format: 'PANDALM', mode: 'SKIP_INVALID', filePath: files.testset })
  const ai = await importLocalFile(researcher, { projectId, format: 'PANDALM_JUDGE', mode: 'SKIP_INVALID', filePath: files.judge, judgeName: 'gpt-3.5-turbo' })
  imports = { human: human.id, ai: ai.id }
  // Two app annotators' B on a pair whose imported labels are A, A, B: counted, they would turn its
  // majority to B; a run scoped to the dataset's own labels still reads A.
  const pairs = await db.pair.findMany({ where: { importId: human.id }, orderBy: { ordinal: 'asc' }, include: { labels: true } })
  const flip = pairs.find((p) => p.labels.filter((l) => l.source === 'HUMAN').map((l) => l.choice).sort().join() === 'A,A,B')!
  flipPairId = flip.id
  for (const who of [await makeUser('ANNOTATOR'), await makeUser('ANNOTATOR')]) {
    await db.label.create({ data: { pairId: flip.id, projectId, source: 'HUMAN', choice: 'B', raterKey: `user:${who.id}`, userId: who.id } })
  }
}, 120_000)

afterAll(async () => {
  await settleOtherJobs() // nothing this file queued may run in another file's worker
  fs.rmSync(tmp, { recursive: true, force: true })
})

// 120 items hold 26 prompts (ids, and so the split, differ per run): with half held out, both sides
// of the split hold some in every run; with the default fifth, about one run in 300 would hold none.
const TINY = { base: { source: 'BUILTIN' as const, size: 'tiny' as const }, evalShare: 0.5 }
const jobOf = (id: string) => db.job.findUniqueOrThrow({ where: { id }, include: { waitsFor: true } })
const waitsFor = async (id: string) => (await jobOf(id)).waitsFor.map((w) => w.waitsForId).sort()

describe('the RLHF vs RLAIF preset', () => {
  test('a project without the PandaLM imports is told what is missing, and cannot start it', async () => {
    const empty = await makeProject({ owner: researcher, pairs: 3 })
    const api = callerFor(researcher)
    expect((await api.experiments.rlhfVsRlaifData({ projectId: empty.id })).problem).toMatch(/no PandaLM test-set import/)
    await expect(api.experiments.startRlhfVsRlaif({ projectId: empty.id, config: {} })).rejects.toThrow(/no PandaLM test-set import/)
    expect(await db.job.count({ where: { projectId: empty.id } })).toBe(0)
    expect((await api.experiments.rlhfVsRlaifData({ projectId, aiJudgeName: 'gpt-5' })).problem).toMatch(/no import of "gpt-5" verdicts/)
    await expect(callerFor(await makeUser('ANNOTATOR')).experiments.rlhfVsRlaifData({ projectId })).rejects.toThrow()
  })

  test('one click queues the whole experiment, each job waiting for exactly its inputs', async () => {
    const api = callerFor(researcher)
    const data = await api.experiments.rlhfVsRlaifData({ projectId })
    expect(data).toMatchObject({ problem: null, pairs: 120, human: { id: imports.human }, ai: { id: imports.ai } })
    expect(data.humanLabels).toBe(360) // three annotators on each item
    const r = await api.experiments.startRlhfVsRlaif({ projectId, config: TINY })
    expect(r.label).toBe('RLHF vs RLAIF')

    const rms = await db.rewardModel.findMany({ where: { id: { in: Object.values(r.rewardModels) } } })
    const rm = (id: string) => rms.find((m) => m.id === id)!
    const scope = { importIds: [imports.human, imports.ai], labelsFromImports: true }
    expect(rm(r.rewardModels.human)).toMatchObject({ name: 'RLHF vs RLAIF · RM human', config: { sources: ['HUMAN'], scope: { ...scope, slice: [0, 0.5] } } })
    expect(rm(r.rewardModels.ai)).toMatchObject({ name: 'RLHF vs RLAIF · RM AI (gpt-3.5-turbo)', config: { sources: ['AI'], scope: { ...scope, slice: [0, 0.5] } } })
    expect(rm(r.rewardModels.heldOut)).toMatchObject({ name: 'RLHF vs RLAIF · RM held-out (human)', config: { sources: ['HUMAN'], scope: { ...scope, slice: [0.5, 1] } } })
    // One base model for all: its pretraining comes first; every reward model and the SFT wait for it.
    const base = await db.baseModel.findUniqueOrThrow({ where: { id: rms[0].baseModelId! } })
    expect(new Set(rms.map((m) => m.baseModelId))).toEqual(new Set([base.id]))

    const [sft, ppoH, ppoA] = await Promise.all([r.sftId, r.ppoHumanId, r.ppoAiId].map((id) => db.policy.findUniqueOrThrow({ where: { id } })))
    expect(sft).toMatchObject({ kind: 'SFT', name: 'RLHF vs RLAIF · SFT', baseModelId: base.id, config: { source: 'HUMAN', split: { evalShare: 0.5, importIds: scope.importIds } } })
    expect(ppoH).toMatchObject({ kind: 'PPO', parentId: sft.id, rewardModelId: r.rewardModels.human, config: { rewardMode: 'plain' } })
    expect(ppoA).toMatchObject({ kind: 'PPO', parentId: sft.id, rewardModelId: r.rewardModels.ai, config: { rewardMode: 'plain' } })
    // (Another test file may have pretrained the tiny base already: then nothing waits for it.)
    const baseWait = base.path ? [] : [base.jobId!]
    for (const m of rms) expect(await waitsFor(m.jobId)).toEqual(baseWait)
    expect(await waitsFor(sft.jobId)).toEqual(baseWait)
    expect(await waitsFor(ppoH.jobId)).toEqual([sft.jobId, rm(r.rewardModels.human).jobId].sort())
    expect((await jobOf(ppoH.jobId)).phase).toBe('waiting for the SFT policy and the reward model')
    expect(await waitsFor(ppoA.jobId)).toEqual([sft.jobId, rm(r.rewardModels.ai).jobId].sort())
    const ev = await db.policyEval.findUniqueOrThrow({ where: { id: r.evaluationId }, include: { policies: { orderBy: { position: 'asc' } } } })
    expect(ev).toMatchObject({ name: 'RLHF vs RLAIF', rewardModelId: r.rewardModels.heldOut, judgeId: null })
    expect(ev.policies.map((p) => p.policyId)).toEqual([sft.id, ppoH.id, ppoA.id])
    expect(await waitsFor(ev.jobId)).toEqual([sft.jobId, ppoH.jobId, ppoA.jobId, rm(r.rewardModels.heldOut).jobId].sort())
    for (const j of [ppoH.jobId, ppoA.jobId, ev.jobId]) expect((await jobOf(j)).queueJobId).toBeNull()

    // The next click gets a label of its own.
    expect((await api.experiments.startRlhfVsRlaif({ projectId, config: TINY })).label).toBe('RLHF vs RLAIF (2)')
  })

  test('the scoped reward models read only the PandaLM pairs and their imported labels, on disjoint slices', async () => {
    const cfg = (sources: ('HUMAN' | 'AI')[], slice: [number, number]) => rewardModelConfigSchema.parse({
      name: 'x', sources, evalShare: 0.1, scope: { importIds: [imports.human, imports.ai], labelsFromImports: true, slice },
    })
    const read = async (c: ReturnType<typeof cfg>, name: string) => {
      const file = path.join(tmp, `${name}.jsonl`)
      await writeTrainingPairs(projectId, c, file)
      return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { pairId: string; label: number; source: string; split: string })
    }
    const human = await read(cfg(['HUMAN'], [0, 0.5]), 'human')
    const ai = await read(cfg(['AI'], [0, 0.5]), 'ai')
    const held = await read(cfg(['HUMAN'], [0.5, 1]), 'held')
    const pandalm = new Set((await db.pair.findMany({ where: { importId: imports.human }, select: { id: true } })).map((p) => p.id))
    for (const l of [...human, ...ai, ...held]) expect(pandalm.has(l.pairId)).toBe(true)
    for (const l of [...human, ...ai]) expect(inSlice(l.pairId, [0, 0.5])).toBe(true)
    for (const l of held) expect(inSlice(l.pairId, [0.5, 1])).toBe(true)
    expect(human.filter((l) => l.split === 'train').every((l) => l.source === 'HUMAN')).toBe(true)
    expect(ai.filter((l) => l.split === 'train').every((l) => l.source === 'AI')).toBe(true)
    // Both arms are held out on the same pairs (by the human majority), whatever their labels.
    expect(ai.filter((l) => l.split === 'eval').map((l) => l.pairId)).toEqual(human.filter((l) => l.split === 'eval').map((l) => l.pairId))
    expect(human.length + held.length).toBeGreaterThan(90) // every pair with a human majority of A or B sits on one side
    // The app annotators' two B did not count: the pair's winner is still A, the imported majority.
    const line = [...human, ...held].find((l) => l.pairId === flipPairId) as { chosen?: string } | undefined
    const pair = await db.pair.findUniqueOrThrow({ where: { id: flipPairId }, include: { responseA: true } })
    expect(line?.chosen).toBe(pair.responseA.text)
  })

  test('scoped prompt sets hold the PandaLM prompts only; a scope naming another project\'s import is refused', async () => {
    const all = await writePromptSet(projectId, { seed: 1, evalShare: 0.2 }, null)
    const scoped = await writePromptSet(projectId, { seed: 1, evalShare: 0.2, importIds: [imports.human] }, null)
    const pandalmPrompts = await db.prompt.count({ where: { projectId, pairs: { some: { importId: imports.human } } } })
    expect(scoped.train + scoped.eval).toBe(pandalmPrompts)
    expect(all.train + all.eval).toBe(pandalmPrompts + 5)
    const other = await makeProject({ owner: researcher })
    await expect(callerFor(researcher).rewardModels.train({ projectId: other.id, config: { name: 'x', scope: { importIds: [imports.human] } } }))
      .rejects.toThrow(/Every import the run is limited to must be one of this project/)
  })

  test('a start that fails half-way leaves nothing queued', async () => {
    const elsewhere = await makeProject({ owner: researcher })
    const foreignJudge = await db.judge.create({ data: { projectId: elsewhere.id, name: 'foreign', createdById: researcher.id, config: {} } })
    const before = await db.job.findMany({ where: { projectId }, select: { id: true } })
    await expect(callerFor(researcher).experiments.startRlhfVsRlaif({ projectId, config: { ...TINY, judgeId: foreignJudge.id } }))
      .rejects.toThrow(/The judge must be one of this project/)
    const created = await db.job.findMany({ where: { projectId, id: { notIn: before.map((j) => j.id) } } })
    expect(created.length).toBeGreaterThanOrEqual(6) // three reward models, the SFT and both PPO runs were made, then cancelled
    expect(created.every((j) => j.status === 'CANCELLED' || j.status === 'FAILED')).toBe(true)
  })
})
