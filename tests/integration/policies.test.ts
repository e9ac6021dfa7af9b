// Policies through their jobs on a real database with tiny models: SFT on the preferred responses,
// then contrastive PPO, whose baselines are sampled first (the PPO job chained after them) and
// reused by a second run with the same settings; metrics under TRL's names and evaluation samples
// are stored. With a real worker process: a PPO run whose trainer is killed resumes from its saved
// state on the retry, and cancel stops it.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
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

  test('contrastive PPO: baselines first (chained), then 10 iterations with TRL metrics and samples; a second run reuses the baselines', async () => {
    const api = callerFor(researcher)
    const config = { name: 'ppo contrastive', policyId: sftId, rewardModelId, rewardMode: 'contrastive' as const, k: 2, trainer: { ...PPO, 'ppo.total_steps': 10 } }
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
    expect(await db.jobMetric.count({ where: { jobId: ppo.jobId, name: 'objective/kl' } })).toBe(10)
    const got = await api.policies.get({ policyId: ppo.id })
    expect(got.samples.map((s) => s.step)).toEqual([0, 5, 10])
    expect(got.samples[2].samples).toHaveLength(2)
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

describe('PPO in a real worker', () => {
  const workers: ChildProcess[] = []
  afterAll(() => { for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL') })
  /** Trainer processes of a policy: its work folder is in their command line. */
  const trainerPids = (policyId: string) => fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8')
      return cmd.includes('rewardlab_trainer') && cmd.includes(policyId)
    } catch {
      return false // the process ended while we looked
    }
  }).map(Number)

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
