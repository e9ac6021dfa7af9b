// Policies through their jobs on a real database with tiny models: SFT on the preferred responses,
// then contrastive PPO, whose baselines are sampled first (the PPO job chained after them) and
// reused by a second run with the same settings; metrics under TRL's names and evaluation samples
// are stored. d-RLAIF PPO: the fake judge's ratings are the reward (objective/scores computed here from
// the fake's rule), the judge's key (a server key in the worker's environment) never reaches the
// trainer's environment, arguments, config file or the job's log, and a cancel while a rating request
// is pending ends CANCELLED. With a real worker process: a PPO run whose trainer is killed resumes from
// its saved state on the retry, and cancel stops it.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { db } from '@/server/db/client.ts'
import { stopBoss } from '@/server/jobs/boss.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import { policyDir } from '@/server/services/policies/policy-paths.ts'
import { rewardModelConfigSchema } from '@/server/services/reward-models/training-config.ts'
import { trainRewardModel } from '@/server/services/reward-models/train-reward-model.ts'
import { baselinesTask } from '@/workers/tasks/baselines.ts'
import { ppoTask } from '@/workers/tasks/ppo.ts'
import { sftTask } from '@/workers/tasks/sft.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { runJob } from '@/workers/run-job.ts'
import { startFakeOpenAI, type ChatBody } from '../support/fake-openai-server.ts'
import { callerFor, makeUser, runHere, settleOtherJobs, waitFor } from './helpers.ts'
import { FAST_TRAINER, makeSeparableProject, pretrainTinyBase } from './rm-fixtures.ts'

let researcher: Actor
let projectId: string
let rewardModelId: string
let sftId: string
const PPO = { 'ppo.rollout_batch_size': 4, 'ppo.mini_batches': 2, 'ppo.ppo_epochs': 1, 'ppo.eval_every': 5, 'ppo.eval_prompts': 2, 'generate.max_new_tokens': 8 }


beforeAll(async () => {
  await settleOtherJobs()
  researcher = await makeUser('RESEARCHER')
  projectId = (await makeSeparableProject(researcher, 60)).id
  await pretrainTinyBase(researcher, projectId)
  const rm = await trainRewardModel(researcher, projectId, rewardModelConfigSchema.parse({ name: 'policy rm', base: { source: 'BUILTIN', size: 'tiny' }, trainer: FAST_TRAINER }))
  expect((await runHere('TRAIN_RM', rm.jobId, trainRmTask)).error).toBeNull()
  rewardModelId = rm.id
}, 300_000)

afterAll(async () => {
  await settleOtherJobs()
  await stopBoss()
})

describe('SFT, baselines and PPO', () => {
  test('SFT trains on the preferred responses and stores its samples and headline', async () => {
    const api = callerFor(researcher)
    expect(await api.policies.promptSet({ projectId })).toEqual({ train: expect.any(Number), eval: expect.any(Number) })
    const sft = await api.policies.startSft({ projectId, config: { name: 'sft tiny', base: { source: 'BUILTIN', size: 'tiny' }, trainer: { 'sft.max_steps': 4, 'sft.eval_every': 2, 'sft.max_length': 64, 'generate.max_new_tokens': 8 } } })
    const job = await runHere('SFT', sft.jobId, sftTask)
    expect(job.error).toBeNull()
    const got = await api.policies.get({ policyId: sft.id })
    expect(got).toMatchObject({ kind: 'SFT', trained: true, job: { status: 'SUCCEEDED' } })
    expect(got.summary['eval/perplexity']).toBeGreaterThan(1)
    expect(got.samples.map((s) => s.step)).toEqual([2, 4])
    expect(got.samples[0].samples[0]).toMatchObject({ prompt: expect.stringContaining('Human:'), completion: expect.any(String), reference: expect.any(String) })
    expect(await db.jobMetric.count({ where: { jobId: sft.jobId, name: 'train/loss' } })).toBe(4)
    sftId = sft.id
  }, 300_000)

  test('contrastive PPO: baselines first (chained), then 4 iterations with TRL metrics and samples; a second run reuses the baselines', async () => {
    const api = callerFor(researcher)
    const config = { name: 'ppo contrastive', policyId: sftId, rewardModelId, rewardMode: 'contrastive' as const, k: 2, trainer: { ...PPO, 'ppo.total_steps': 4, 'ppo.eval_every': 2 } }
    const ppo = await api.policies.startPpo({ projectId, config })
    const row = await db.policy.findUniqueOrThrow({ where: { id: ppo.id }, include: { job: true, baselineSet: { include: { job: true } } } })
    expect(row.job).toMatchObject({ status: 'QUEUED', queueJobId: null, afterJobId: row.baselineSet!.jobId }) // waits for its baselines
    expect((await runHere('BASELINES', row.baselineSet!.jobId, baselinesTask)).error).toBeNull()
    const set = await db.baselineSet.findUniqueOrThrow({ where: { id: row.baselineSet!.id } })
    expect(set.path).toMatch(/baselines\.jsonl$/)
    expect(set.stats).toMatchObject({ 'baselines/mean': expect.any(Number) })
    expect((await db.job.findUniqueOrThrow({ where: { id: ppo.jobId } })).queueJobId).not.toBeNull() // released by the baselines' end

    const job = await runHere('PPO', ppo.jobId, ppoTask)
    expect(job.error).toBeNull()
    const names = new Set((await db.jobMetric.findMany({ where: { jobId: ppo.jobId }, distinct: ['name'], select: { name: true } })).map((m) => m.name))
    for (const n of ['objective/kl', 'objective/entropy', 'objective/scores', 'objective/rlhf_reward', 'objective/non_score_reward', 'policy/approxkl_avg',
      'policy/clipfrac_avg', 'loss/policy_avg', 'loss/value_avg', 'val/clipfrac_avg', 'val/ratio', 'val/num_eos_tokens', 'objective/baseline',
      'objective/response_length', 'time/generate', 'time/score', 'time/reference', 'time/update']) expect(names, n).toContain(n)
    expect(await db.jobMetric.count({ where: { jobId: ppo.jobId, name: 'objective/kl' } })).toBe(4)
    const got = await api.policies.get({ policyId: ppo.id })
    expect(got.samples.map((s) => s.step)).toEqual([0, 2, 4])
    // ppo.eval_prompts 2 of the held-out prompts; the split is seeded by prompt id (random here), so a tenth of 60 may be 1
    expect(got.samples[2].samples).toHaveLength(Math.min(2, (await api.policies.promptSet({ projectId })).eval))
    expect(typeof got.samples[2].samples[0].score).toBe('number')

    const again = await api.policies.startPpo({ projectId, config: { ...config, name: 'ppo contrastive 2' } })
    const second = await db.policy.findUniqueOrThrow({ where: { id: again.id }, include: { job: true } })
    expect(second.baselineSetId).toBe(row.baselineSet!.id) // reused, not sampled again
    expect(second.job.afterJobId).toBeNull()
    expect(second.job.queueJobId).not.toBeNull()
    expect(await db.baselineSet.count({ where: { projectId } })).toBe(1)
    const changed = await api.policies.startPpo({ projectId, config: { ...config, name: 'ppo contrastive k3', k: 3 } })
    expect((await db.policy.findUniqueOrThrow({ where: { id: changed.id } })).baselineSetId).not.toBe(row.baselineSet!.id) // k is part of the key
  }, 300_000)

  test('a train-prompt sample: seeded, the same sample in the dialog, the baselines and the run', async () => {
    const api = callerFor(researcher)
    const all = await api.policies.promptSet({ projectId })
    const five = await api.policies.promptSet({ projectId, trainPrompts: 5 })
    expect(five).toEqual({ train: 5, eval: all.eval })
    expect(await api.policies.promptSet({ projectId, trainPrompts: 10 ** 6 })).toEqual(all)
    const config = { name: 'ppo sample', policyId: sftId, rewardModelId, rewardMode: 'contrastive' as const, k: 2, trainPrompts: 5, trainer: { ...PPO, 'ppo.total_steps': 2 } }
    const ppo = await api.policies.startPpo({ projectId, config })
    const row = await db.policy.findUniqueOrThrow({ where: { id: ppo.id }, include: { baselineSet: true } })
    expect((await runHere('BASELINES', row.baselineSet!.jobId, baselinesTask)).error).toBeNull()
    const lines = (p: string) => fs.readFileSync(p, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; split?: string })
    const set = await db.baselineSet.findUniqueOrThrow({ where: { id: row.baselineSet!.id } })
    const sampled = lines(set.path!).map((l) => l.id).sort()
    expect(sampled).toHaveLength(5)
    expect((await runHere('PPO', ppo.jobId, ppoTask)).error).toBeNull()
    const prompts = lines(path.join(policyDir(ppo.id), 'prompts.jsonl'))
    expect(prompts.filter((p) => p.split === 'train').map((p) => p.id).sort()).toEqual(sampled) // the run rolls out on exactly those
    const again = await api.policies.startPpo({ projectId, config: { ...config, name: 'ppo sample 2' } })
    expect((await db.policy.findUniqueOrThrow({ where: { id: again.id } })).baselineSetId).toBe(set.id)
  }, 300_000)

  test('refusals: a reward model on another base without value_init policy, a name taken twice', async () => {
    const api = callerFor(researcher)
    await expect(api.policies.startSft({ projectId, config: { name: 'sft tiny' } })).rejects.toThrow(/already has a policy named "sft tiny"/)
    await expect(api.policies.startPpo({ projectId, config: { name: 'p', policyId: sftId, rewardModelId, trainer: { 'ppo.learning_rat': 1 } } as never }))
      .rejects.toThrow(/ppo\.learning_rat.{0,3} is not a trainer setting/)
  })
})

/** Trainer processes of a policy: its work folder is in their command line. */
const trainerPids = (policyId: string) => fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
  try {
    const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8')
    return cmd.includes('rewardlab_trainer') && cmd.includes(policyId)
  } catch {
    return false // the process ended while we looked
  }
}).map(Number)

/** The fake judge's rating of the response in one rating request, by its rule (tests/support/fake-openai-server.ts):
 *  c = min(10, 1 + floor(length / 10)) with P 0.6 on c and 0.2 on each neighbour (folded back at 1 and 10). */
function fakeRating(body: ChatBody) {
  const user = body.messages.at(-1)!.content
  const response = user.slice(user.lastIndexOf('Response:\n') + 10, user.indexOf('\n\nRate the response')).trim()
  const c = Math.min(10, 1 + Math.floor(response.length / 10))
  const mean = c === 1 ? 0.8 * 1 + 0.2 * 2 : c === 10 ? 0.8 * 10 + 0.2 * 9 : c
  return ((mean - 1) / 9) * 2 - 1
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('d-RLAIF PPO: the judge rates every rollout, through the worker', () => {
  const KEY = `sk-drlaif-${Math.random().toString(36).slice(2)}`
  afterEach(() => vi.unstubAllEnvs())
  async function drlaifJudge(url: string, name: string, maxRetries = 2) {
    // A server key: it is in the worker's environment, where a careless spawn would hand it to the trainer.
    vi.stubEnv('REWARDLAB_JUDGE_KEY_DRLAIF', KEY)
    vi.stubEnv('REWARDLAB_JUDGE_KEY_DRLAIF_URL', new URL(url).origin)
    return callerFor(researcher).judges.create({ projectId, name, config: {
      provider: { kind: 'openai', baseUrl: url, model: 'fake-judge', apiKeyRef: 'DRLAIF' }, prompt: { mode: 'rating' },
      rate: { concurrency: 4, requestsPerMinute: 60_000, maxRetries, timeoutMs: 60_000 }, price: { pricePer1kPromptTokens: 0.5, pricePer1kCompletionTokens: 1.5 },
    } })
  }

  test('3 iterations: objective/scores is the mean rating; the key stays in the worker; the cost is on the policy', async () => {
    const fake = await startFakeOpenAI({ apiKey: KEY })
    try {
      const api = callerFor(researcher)
      const judge = await drlaifJudge(fake.url, 'drlaif judge')
      // A quarter held out: at least the 2 evaluation prompts asked for, whatever the (random) prompt ids.
      const split = { evalShare: 0.25 }
      expect((await api.policies.promptSet({ projectId, split })).eval).toBeGreaterThanOrEqual(2)
      const ppo = await api.policies.startPpo({ projectId, config: { name: 'ppo drlaif', policyId: sftId, rewardMode: 'drlaif', judgeId: judge.id, split, trainer: { ...PPO, 'ppo.total_steps': 3 } } })
      fake.setLatency(1500) // the first rating request stays pending while the trainer's process is read
      const done = runHere('PPO', ppo.jobId, ppoTask)
      await fake.whenRequests(1)
      const pids = trainerPids(ppo.id)
      expect(pids.length).toBeGreaterThan(0)
      const seen = pids.map((pid) => `${fs.readFileSync(`/proc/${pid}/environ`, 'utf8')}\n${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')}`).join('\n')
      fake.setLatency(0)
      expect(process.env.REWARDLAB_JUDGE_KEY_DRLAIF).toBe(KEY) // the worker has it ...
      expect(seen).toContain('PYTHONPATH=') // (the environment was read) ...
      expect(seen).not.toContain(KEY) // ... the trainer does not
      expect(seen).not.toContain('REWARDLAB_JUDGE_KEY_DRLAIF')
      const job = await done
      expect(job.error).toBeNull()
      expect(fake.authorizations.every((a) => a === `Bearer ${KEY}`)).toBe(true)
      // Requests, in order: 2 eval prompts at step 0, 4 rollouts at each of steps 1-3, 2 eval prompts at step 3.
      const ratings = fake.requests.map(fakeRating)
      expect(ratings).toHaveLength(2 + 3 * 4 + 2)
      const scores = await db.jobMetric.findMany({ where: { jobId: ppo.jobId, name: 'objective/scores' }, orderBy: { step: 'asc' } })
      expect(scores.map((m) => m.step)).toEqual([1, 2, 3])
      scores.forEach((m, i) => expect(m.value).toBeCloseTo(mean(ratings.slice(2 + 4 * i, 6 + 4 * i)), 5))
      const got = await api.policies.get({ policyId: ppo.id })
      expect(got).toMatchObject({ judge: { id: judge.id, name: 'drlaif judge' }, judgeVersion: 1, rewardModel: null, trained: true })
      expect(got.samples.map((s) => s.step)).toEqual([0, 3])
      const byValue = (xs: number[]) => xs.sort((a, b) => a - b)
      const evalScores = byValue(got.samples[0].samples.map((x) => x.score!))
      byValue(ratings.slice(0, 2)).forEach((r, i) => expect(evalScores[i]).toBeCloseTo(r, 5)) // eval samples carry the judge's rating
      const promptTokens = fake.requests.reduce((n, b) => n + Math.ceil(b.messages.reduce((c, m) => c + m.content.length, 0) / 4), 0)
      expect(got.judgeUsage).toMatchObject({ ratings: 16, requests: 16, retries: 0, promptTokens, completionTokens: 16 }) // one token each
      expect(got.judgeUsage!.costUsd).toBeCloseTo((promptTokens * 0.5 + 16 * 1.5) / 1000, 9)
      expect((got.config as { rewardMode: string }).rewardMode).toBe('drlaif')
      const configFile = fs.readFileSync(path.join(policyDir(ppo.id), 'ppo.config.json'), 'utf8')
      expect(JSON.parse(configFile)).toMatchObject({ 'ppo.reward_mode': 'drlaif', 'ppo.value_init': 'policy' })
      expect(configFile).not.toContain(KEY)
      const logs = (await db.jobLog.findMany({ where: { jobId: ppo.jobId } })).map((l) => l.message).join('\n')
      expect(logs).toMatch(/judge "drlaif judge": 16 ratings, 16 requests/)
      expect(logs).not.toContain(KEY)
    } finally {
      await fake.close()
    }
  }, 300_000)

  test('a cancel while a rating request is pending ends CANCELLED, with no trainer left', async () => {
    const fake = await startFakeOpenAI({ apiKey: KEY })
    fake.failNext(1000, 'timeout') // never answers: the first rating request stays pending
    try {
      const api = callerFor(researcher)
      const judge = await drlaifJudge(fake.url, 'drlaif slow judge')
      const ppo = await api.policies.startPpo({ projectId, config: { name: 'ppo drlaif cancelled', policyId: sftId, rewardMode: 'drlaif', judgeId: judge.id, trainer: { ...PPO, 'ppo.total_steps': 3 } } })
      const stop = new AbortController() // what the worker's pg-boss signal does on a cancel
      const done = runJob('PPO', { jobId: ppo.jobId }, stop.signal, ppoTask, { retries: false })
      await fake.whenRequests(1)
      expect(trainerPids(ppo.id).length).toBeGreaterThan(0)
      await cancelJob(researcher, ppo.jobId)
      stop.abort(new Error('cancelled'))
      await done
      expect(await db.job.findUniqueOrThrow({ where: { id: ppo.jobId } })).toMatchObject({ status: 'CANCELLED', stopReason: 'CANCELLED_BY_USER' })
      await waitFor('the trainer to exit', async () => trainerPids(ppo.id).length === 0, 30_000)
    } finally {
      await fake.close()
    }
  }, 300_000)

  test('a judge that keeps failing fails the run with its readable message (the trainer raises the worker\'s error)', async () => {
    const fake = await startFakeOpenAI({ apiKey: KEY })
    fake.failNext(1000, 500)
    try {
      const api = callerFor(researcher)
      const judge = await drlaifJudge(fake.url, 'drlaif failing judge', 0)
      const ppo = await api.policies.startPpo({ projectId, config: { name: 'ppo drlaif failing', policyId: sftId, rewardMode: 'drlaif', judgeId: judge.id, trainer: { ...PPO, 'ppo.total_steps': 2 } } })
      const job = await runHere('PPO', ppo.jobId, ppoTask)
      expect(job.status).toBe('FAILED')
      expect(job.error).toMatch(/judge endpoint .*HTTP 500 .*gave up after 1 attempts/)
      expect(job.error).not.toContain(KEY)
    } finally {
      await fake.close()
    }
  }, 300_000)

  test('refusals: d-RLAIF without a judge, plain without a reward model, value_init reward_model without one', async () => {
    const api = callerFor(researcher)
    await expect(api.policies.startPpo({ projectId, config: { name: 'x', policyId: sftId, rewardMode: 'drlaif' } })).rejects.toThrow(/d-RLAIF rewards need an AI judge/)
    await expect(api.policies.startPpo({ projectId, config: { name: 'x', policyId: sftId, rewardMode: 'plain' } })).rejects.toThrow(/plain rewards need a reward model/)
    const judge = await drlaifJudge('http://127.0.0.1:9/v1', 'drlaif unused judge')
    await expect(api.policies.startPpo({ projectId, config: { name: 'x', policyId: sftId, rewardMode: 'drlaif', judgeId: judge.id, trainer: { 'ppo.value_init': 'reward_model' } } }))
      .rejects.toThrow(/only when the run has one/)
  })
})

describe('PPO in a real worker', () => {
  const workers: ChildProcess[] = []
  afterAll(() => { for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL') })

  test('a killed trainer: the retry resumes from the saved state; cancel stops the run', async () => {
    await settleOtherJobs()
    const w = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    workers.push(w)
    await new Promise<void>((resolve) => w.stdout!.setEncoding('utf8').on('data', (d: string) => { if (d.includes('listening on queues')) resolve() }))
    const api = callerFor(researcher)
    // Saves its state after every iteration; long enough to be killed and cancelled mid-run.
    const ppo = await api.policies.startPpo({ projectId, config: { name: 'ppo plain long', policyId: sftId, rewardModelId, rewardMode: 'plain', trainer: { ...PPO, 'ppo.total_steps': 100_000, 'resume_every_seconds': 0.01 } } })
    const saved = await waitFor('a saved state', async () => db.jobArtefact.findFirst({ where: { jobId: ppo.jobId, kind: 'resume_state' } }), 180_000)
    for (const pid of trainerPids(ppo.id)) process.kill(pid, 'SIGKILL')
    const resumed = await waitFor('the retry to resume', async () => db.jobLog.findFirst({ where: { jobId: ppo.jobId, message: { startsWith: 'resuming from step' } } }), 180_000)
    expect(saved.path).toMatch(/resume\/state\.pt$/)
    expect(resumed.message).toMatch(/^resuming from step \d+/)
    await cancelJob(researcher, ppo.jobId)
    const ended = await waitFor('CANCELLED', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: ppo.jobId } })
      return j.status === 'CANCELLED' ? j : null
    }, 60_000)
    expect(ended).toMatchObject({ attempts: 2, retries: 1, stopReason: 'CANCELLED_BY_USER' })
  }, 400_000)
})
