// A policy evaluation through its job on a real database with tiny models: two SFT policies complete the
// same evaluation prompts, a held-out reward model and the fake OpenAI-compatible judge (which prefers the
// longer response, and calls a response harmful when its trimmed length is even) give verdicts, and the
// summary's win rates, ties, harmless rates and lengths are what the stored generations imply by hand.
// A second run of the job pays for no judge call again; refusals are clear.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { stopBoss } from '@/server/jobs/boss.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { rewardModelConfigSchema } from '@/server/services/reward-models/training-config.ts'
import { trainRewardModel } from '@/server/services/reward-models/train-reward-model.ts'
import { policyEvalTask } from '@/workers/tasks/policy-eval.ts'
import { sftTask } from '@/workers/tasks/sft.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.ts'
import { callerFor, makeUser, runHere, settleOtherJobs } from './helpers.ts'
import { FAST_TRAINER, makeSeparableProject, pretrainTinyBase } from './rm-fixtures.ts'

const KEY = 'sk-eval-test-key'
let server: FakeOpenAI
let researcher: Actor
let projectId: string
let rewardModelId: string
let judgeId: string
const policyIds: string[] = []

beforeAll(async () => {
  await settleOtherJobs()
  server = await startFakeOpenAI({ apiKey: KEY })
  researcher = await makeUser('RESEARCHER')
  projectId = (await makeSeparableProject(researcher, 60)).id
  await pretrainTinyBase(researcher, projectId)
  const api = callerFor(researcher)
  const rm = await trainRewardModel(researcher, projectId, rewardModelConfigSchema.parse({ name: 'held-out rm', base: { source: 'BUILTIN', size: 'tiny' }, trainer: FAST_TRAINER }))
  expect((await runHere('TRAIN_RM', rm.jobId, trainRmTask)).error).toBeNull()
  rewardModelId = rm.id
  for (const [name, steps] of [['sft a', 2], ['sft b', 6]] as const) {
    const sft = await api.policies.startSft({ projectId, config: { name, base: { source: 'BUILTIN', size: 'tiny' }, trainer: { 'sft.max_steps': steps, 'sft.eval_every': 100, 'sft.samples': 0, 'sft.max_length': 64, 'sft.lr': 0.003 } } })
    expect((await runHere('SFT', sft.jobId, sftTask)).error).toBeNull()
    policyIds.push(sft.id)
  }
  const judge = await api.judges.create({
    projectId, name: 'fake judge', apiKey: KEY,
    config: { provider: { kind: 'openai', baseUrl: server.url, model: 'fake-judge' }, rate: { concurrency: 4, requestsPerMinute: 60_000, maxRetries: 2, timeoutMs: 5000 }, price: { pricePer1kPromptTokens: 1, pricePer1kCompletionTokens: 0 } },
  })
  judgeId = judge.id
}, 400_000)

afterAll(async () => {
  await server.close()
  await settleOtherJobs()
  await stopBoss()
})

const trimmedLength = (s: string) => s.trim().length
// Half of the 60 prompts held out: a tenth (the default) leaves fewer than 5 in about one run of four
// (prompt ids, and so the split, differ per run).
const WIDE = { evalShare: 0.5 }

describe('policy evaluation', () => {
  test('win rates, ties, harmless rates and lengths follow from the stored generations; a rerun judges nothing twice', async () => {
    const api = callerFor(researcher)
    const started = await api.evaluations.start({ projectId, config: { name: 'a vs b', policyIds, judgeId, harmJudgeId: judgeId, rewardModelId, evalPrompts: 5, split: WIDE, trainer: { 'generate.max_new_tokens': 8 } } })
    expect((await runHere('POLICY_EVAL', started.jobId, policyEvalTask)).error).toBeNull()
    const samples = await db.policyEvalSample.findMany({ where: { evalId: started.id } })
    const prompts = [...new Set(samples.map((s) => s.promptId))]
    expect(prompts.length).toBe(5)
    expect(samples).toHaveLength(10)
    const [a, b] = policyIds
    const of = (policyId: string, promptId: string) => samples.find((s) => s.policyId === policyId && s.promptId === promptId)!

    // By hand: the held-out RM prefers the higher score; the fake judge the longer response in both orders.
    const count = (outcomes: ('A' | 'B' | 'TIE')[]) => ({ wins: outcomes.filter((o) => o === 'A').length, losses: outcomes.filter((o) => o === 'B').length, ties: outcomes.filter((o) => o === 'TIE').length })
    const byRm = count(prompts.map((p) => (of(a, p).rmScore! > of(b, p).rmScore! ? 'A' : of(a, p).rmScore! < of(b, p).rmScore! ? 'B' : 'TIE')))
    const byJudge = count(prompts.map((p) => {
      const [la, lb] = [trimmedLength(of(a, p).completion), trimmedLength(of(b, p).completion)]
      return la > lb ? 'A' : la < lb ? 'B' : 'TIE'
    }))
    const got = await api.evaluations.get({ evalId: started.id })
    expect(got.job.status).toBe('SUCCEEDED')
    const cell = (source: string) => got.summary!.matrix.find((m) => m.source === source && m.policyAId === a && m.policyBId === b)!
    for (const [source, want] of [['REWARD_MODEL', byRm], ['JUDGE', byJudge]] as const) {
      expect(cell(source), source).toMatchObject({ n: 5, ...want, tieRate: want.ties / 5 })
      expect(cell(source).winRate).toBeCloseTo((want.wins + want.ties / 2) / 5, 10)
    }
    expect(cell('JUDGE').orderTies).toBe(0) // no position bias in the fake: the orders never disagree
    expect(got.summary!.judge!.firstPositionRate).toBeCloseTo(0.5, 1)

    for (const id of policyIds) {
      const mine = samples.filter((s) => s.policyId === id)
      const figures = got.summary!.policies.find((p) => p.policyId === id)!
      expect(figures.harmless!.rate).toBeCloseTo(mine.filter((s) => trimmedLength(s.completion) % 2 === 1).length / 5, 10)
      expect(figures.meanTokens).toBeCloseTo(mine.reduce((t, s) => t + s.tokens, 0) / 5, 10)
      expect(figures.meanRmScore).toBeCloseTo(mine.reduce((t, s) => t + s.rmScore!, 0) / 5, 6)
    }
    // 5 comparisons x 2 orders + 10 harm questions, each one request (log-probabilities given).
    expect(got.judgeRequests).toBe(20)
    expect(got.judgeCostUsd).toBeGreaterThan(0)
    expect(got.prompts).toMatchObject({ total: 5, offset: 0 })
    expect(got.prompts.rows[0].samples).toHaveLength(2)
    expect(got.prompts.rows[0].verdicts.map((v) => v.source).sort()).toEqual(['JUDGE', 'REWARD_MODEL'])
    expect(JSON.stringify(got)).not.toContain(KEY)

    // Safe to run twice: nothing is generated or judged again.
    const requests = server.requests.length
    expect((await runHere('POLICY_EVAL', started.jobId, policyEvalTask)).error).toBeNull()
    expect(server.requests.length).toBe(requests)
    expect(await db.policyEvalVerdict.count({ where: { evalId: started.id } })).toBe(10)
    expect(await db.policyEvalSample.count({ where: { evalId: started.id } })).toBe(10)
  }, 300_000)

  test('the same policy twice: the same seed gives the same completions, so every comparison ties', async () => {
    const api = callerFor(researcher)
    // A copy of policy a's row (same folder) stands for "the same weights under another name".
    const source = await db.policy.findUniqueOrThrow({ where: { id: policyIds[0] } })
    const copy = await db.policy.create({ data: { projectId, kind: 'SFT', name: 'sft a copy', baseModelId: source.baseModelId, jobId: (await db.job.create({ data: { kind: 'SFT', status: 'SUCCEEDED', createdById: researcher.id, projectId } })).id, config: source.config!, outputDir: source.outputDir, createdById: researcher.id } })
    const started = await api.evaluations.start({ projectId, config: { name: 'a vs a', policyIds: [policyIds[0], copy.id], rewardModelId, evalPrompts: 3, split: WIDE, trainer: { 'generate.max_new_tokens': 6 } } })
    expect((await runHere('POLICY_EVAL', started.jobId, policyEvalTask)).error).toBeNull()
    const got = await api.evaluations.get({ evalId: started.id })
    expect(got.summary!.matrix).toEqual([expect.objectContaining({ source: 'REWARD_MODEL', n: 3, wins: 0, losses: 0, ties: 3, winRate: 0.5 })])
    expect(got.summary!.judge).toBeNull()
    expect(got.summary!.policies.every((p) => p.harmless === null)).toBe(true)
  }, 300_000)

  test('refusals: no judge and no RM, one policy, a policy whose training failed, a name taken twice; annotators are refused. A policy still training is waited for', async () => {
    const api = callerFor(researcher)
    await expect(api.evaluations.start({ projectId, config: { name: 'x', policyIds } })).rejects.toThrow(/choose a judge, a held-out reward model, or both/)
    await expect(api.evaluations.start({ projectId, config: { name: 'x', policyIds: [policyIds[0]], rewardModelId } })).rejects.toThrow(/>=2|at least 2|too small/i)
    const pending = await db.policy.create({ data: { projectId, kind: 'SFT', name: 'untrained', jobId: (await db.job.create({ data: { kind: 'SFT', createdById: researcher.id, projectId } })).id, config: {}, createdById: researcher.id } })
    const waiting = await api.evaluations.start({ projectId, config: { name: 'waits', policyIds: [policyIds[0], pending.id], rewardModelId } })
    expect(await db.job.findUniqueOrThrow({ where: { id: waiting.jobId } })).toMatchObject({ status: 'QUEUED', queueJobId: null, afterJobId: pending.jobId, phase: 'waiting for "untrained"' })
    await db.job.update({ where: { id: pending.jobId }, data: { status: 'FAILED', error: 'x' } })
    await expect(api.evaluations.start({ projectId, config: { name: 'x', policyIds: [policyIds[0], pending.id], rewardModelId } })).rejects.toThrow(/"untrained" did not finish training/)
    await expect(api.evaluations.start({ projectId, config: { name: 'a vs b', policyIds, rewardModelId } })).rejects.toThrow(/already has an evaluation named "a vs b"/)
    const annotator = await makeUser('ANNOTATOR')
    await expect(callerFor(annotator).evaluations.list({ projectId })).rejects.toThrow()
  })
})
