// The worker as a real process: cancelling a running training job, and SIGKILL of the worker
// and of the trainer child mid-job. Nothing may stay RUNNING, and no trainer may be left behind.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { getBoss, stopBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import { trainRewardModel } from '@/server/services/reward-models/train-reward-model.ts'
import { rewardModelConfigSchema } from '@/server/services/reward-models/training-config.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { runJob } from '@/workers/run-job.ts'
import { pretrainTask } from '@/workers/tasks/pretrain-lm.ts'
import { makeUser } from './helpers.ts'
import { FAST_TRAINER, makeSeparableProject } from './rm-fixtures.ts'

let researcher: Actor

afterAll(() => stopBoss())
let projectId: string
const workers: ChildProcess[] = []

function startWorker(env: Record<string, string> = {}): Promise<ChildProcess> {
  const w = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  workers.push(w)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start')), 60_000)
    w.stdout!.setEncoding('utf8').on('data', (d: string) => { if (d.includes('listening on queues')) { clearTimeout(timer); resolve(w) } })
    w.stderr!.setEncoding('utf8').on('data', () => {})
    w.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
  })
}

/** pids of trainer processes working on this reward model (its folder is in their command line). */
function trainerPids(rewardModelId: string): number[] {
  const pids: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmd.includes('rewardlab_trainer') && cmd.includes(rewardModelId)) pids.push(Number(entry))
    } catch {
      // the process ended while we looked
    }
  }
  return pids
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** A training run that would take hours: it only ends by cancellation or a kill. */
async function startEndlessTraining() {
  const cfg = rewardModelConfigSchema.parse({ name: 'endless', base: { source: 'BUILTIN', size: 'tiny' }, trainer: { ...FAST_TRAINER, 'train.max_steps': 1_000_000 } })
  const rm = await trainRewardModel(researcher, projectId, cfg)
  return rm
}

const trainingStarted = (jobId: string) => waitFor('the trainer to report a training step', async () =>
  (await db.jobMetric.findFirst({ where: { jobId, name: 'train/loss' } })) !== null)

/** Jobs other test files left queued would be picked up first by the worker started here. */
async function settleOtherJobs() {
  const open = await db.job.findMany({ where: { status: { in: ['QUEUED', 'RUNNING'] } } })
  const boss = await getBoss()
  for (const j of open) if (j.queueJobId) await boss.cancel(JOB_CONTRACT[j.kind].queue, j.queueJobId).catch(() => undefined)
  await db.job.updateMany({ where: { id: { in: open.map((j) => j.id) } }, data: { status: 'CANCELLED', finishedAt: new Date() } })
}

beforeAll(async () => {
  await settleOtherJobs()
  researcher = await makeUser('RESEARCHER')
  projectId = (await makeSeparableProject(researcher, 120)).id
  // The tiny base model is pretrained once in-process (the worker would otherwise do it first).
  const cfg = rewardModelConfigSchema.parse({ name: 'warm-up', base: { source: 'BUILTIN', size: 'tiny' } })
  const rm = await trainRewardModel(researcher, projectId, cfg)
  const base = await db.baseModel.findUniqueOrThrow({ where: { id: rm.baseModelId } })
  if (!base.path) await runJob('PRETRAIN_LM', { jobId: base.jobId }, new AbortController().signal, pretrainTask, false)
  await cancelJob(researcher, rm.jobId)
}, 300_000)

afterEach(async () => {
  for (const w of workers.splice(0)) {
    if (w.exitCode !== null || w.signalCode !== null) continue
    const exited = new Promise((r) => w.once('exit', r))
    w.kill('SIGKILL')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
  }
  await settleOtherJobs()
})

describe('worker process', () => {
  test('cancel stops a running training job within seconds and kills the trainer', async () => {
    await startWorker()
    const rm = await startEndlessTraining()
    await trainingStarted(rm.jobId)
    expect(trainerPids(rm.id).length).toBeGreaterThan(0)
    const t0 = Date.now()
    await cancelJob(researcher, rm.jobId)
    await waitFor('CANCELLED', async () => (await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })).status === 'CANCELLED', 30_000)
    expect(Date.now() - t0).toBeLessThan(15_000)
    await waitFor('the trainer to exit', async () => trainerPids(rm.id).length === 0, 10_000)
  }, 300_000)

  test('with REWARDLAB_TRAIN_PROCESSES=2 a job trains under torchrun, reports once, and cancel stops every rank', async () => {
    await startWorker({ REWARDLAB_TRAIN_PROCESSES: '2' })
    const rm = await startEndlessTraining()
    await trainingStarted(rm.jobId)
    // torchrun and its two ranks all carry the job's config path on their command lines
    await waitFor('torchrun and two ranks', async () => trainerPids(rm.id).length >= 3, 30_000)
    const log = await db.jobLog.findMany({ where: { jobId: rm.jobId } })
    expect(log.some((l) => l.message.includes('x 2 processes'))).toBe(true)
    await new Promise((r) => setTimeout(r, 1500))
    const steps = (await db.jobMetric.findMany({ where: { jobId: rm.jobId, name: 'train/loss' } })).map((m) => m.step)
    expect(new Set(steps).size).toBe(steps.length) // one rank reports: each step once
    await cancelJob(researcher, rm.jobId)
    await waitFor('CANCELLED', async () => (await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })).status === 'CANCELLED', 30_000)
    await waitFor('every rank to exit', async () => trainerPids(rm.id).length === 0, 15_000)
  }, 300_000)

  test('SIGKILL of the worker: the trainer exits, the job is re-queued once, then FAILED', async () => {
    let worker = await startWorker()
    const rm = await startEndlessTraining()
    await trainingStarted(rm.jobId)
    worker.kill('SIGKILL')
    // The trainer notices its parent is gone (stdin closes) and exits by itself.
    await waitFor('the orphaned trainer to exit', async () => trainerPids(rm.id).length === 0, 15_000)
    expect((await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })).status).toBe('RUNNING')

    worker = await startWorker() // attempt 1 of a kind with one retry: re-queued and run again
    await waitFor('the second attempt to train', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
      return j.status === 'RUNNING' && j.attempts === 2 && trainerPids(rm.id).length > 0
    })
    worker.kill('SIGKILL')
    await waitFor('the orphaned trainer to exit', async () => trainerPids(rm.id).length === 0, 15_000)
    await startWorker() // no attempts left: FAILED with the reason
    const failed = await waitFor('FAILED', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
      return j.status === 'FAILED' ? j : null
    }, 60_000)
    expect(failed.error).toMatch(/worker stopped while this job was running/)
  }, 400_000)

  test('SIGKILL of the trainer: the worker retries the job with backoff', async () => {
    await startWorker()
    const rm = await startEndlessTraining()
    await trainingStarted(rm.jobId)
    for (const pid of trainerPids(rm.id)) process.kill(pid, 'SIGKILL')
    const retried = await waitFor('a retry', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
      return j.attempts === 2 && j.status === 'RUNNING' ? j : null
    })
    expect(retried.attempts).toBe(2)
    await cancelJob(researcher, rm.jobId)
    await waitFor('CANCELLED', async () => (await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })).status === 'CANCELLED', 30_000)
  }, 300_000)
})
