// The worker as a real process: cancelling a running training job, and SIGKILL of the worker
// and of the trainer child mid-job. Nothing may stay RUNNING, and no trainer may be left behind.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { getBoss, stopBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import { transitionJob } from '@/server/services/jobs/transition-job.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { makeUser, settleOtherJobs, waitFor } from './helpers.ts'
import { makeSeparableProject, pretrainTinyBase, startEndless, trainerPids, trainingStarted } from './rm-fixtures.ts'

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

const startEndlessTraining = () => startEndless(researcher, projectId)

beforeAll(async () => {
  await settleOtherJobs()
  researcher = await makeUser('RESEARCHER')
  projectId = (await makeSeparableProject(researcher, 120)).id
  await pretrainTinyBase(researcher, projectId)
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
    await cancelJob(researcher, rm.jobId)
    const cancelled = await waitFor('CANCELLED', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
      return j.status === 'CANCELLED' ? j : null
    }, 60_000)
    expect(cancelled).toMatchObject({ stopReason: 'CANCELLED_BY_USER', phase: `cancelled by ${researcher.name}` })
    await waitFor('the trainer to exit', async () => trainerPids(rm.id).length === 0, 30_000)
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

  test('the time limit: the trainer saves its state, the job continues from that step, then FAILED "timed out" (not cancelled)', async () => {
    // A few seconds per attempt and one continuation: attempt 1 stops at its limit and saves, attempt 2 resumes.
    await startWorker({ REWARDLAB_JOB_TIME_LIMIT_TRAIN_RM: '8', REWARDLAB_JOB_MAX_CONTINUATIONS: '1', REWARDLAB_JOB_STOP_GRACE_SECONDS: '60' })
    const rm = await startEndlessTraining()
    const failed = await waitFor('FAILED after two attempts', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
      return j.status === 'FAILED' ? j : null
    }, 240_000)
    expect(failed).toMatchObject({ stopReason: 'TIME_LIMIT', attempts: 2, continuations: 1, retries: 0 })
    expect(failed.error).toMatch(/^timed out: it used all 2 attempts of 8 s each/)
    const log = (await db.jobLog.findMany({ where: { jobId: rm.jobId }, orderBy: { id: 'asc' } })).map((l) => l.message)
    expect(log.some((m) => /reached its 8 s limit per attempt/.test(m))).toBe(true)
    const resumedAt = log.map((m) => /resuming from step (\d+)/.exec(m)).find(Boolean)
    expect(resumedAt).toBeTruthy()
    // Continued, not restarted: no training step is reported twice, and attempt 2 starts after the saved one.
    const steps = (await db.jobMetric.findMany({ where: { jobId: rm.jobId, name: 'train/loss' }, orderBy: { id: 'asc' } })).map((m) => m.step)
    expect(new Set(steps).size).toBe(steps.length)
    expect(steps).toContain(Number(resumedAt![1]) + 1)
    await waitFor('the trainer to exit', async () => trainerPids(rm.id).length === 0, 30_000)
  }, 400_000)

  test("a job whose worker on another machine died is taken over once pg-boss's supervision gives it up", async () => {
    const rm = await startEndlessTraining()
    const job = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
    // A worker elsewhere claimed the message and vanished: no heartbeat will ever come from it.
    const [claimed] = await (await getBoss()).fetch(JOB_CONTRACT.TRAIN_RM.queue)
    expect(claimed.id).toBe(job.queueJobId)
    await transitionJob(job.id, 'RUNNING', { workerId: 'another-machine:4242' })
    await startWorker() // its supervision fails the stale claim; its reconciliation re-queues the job; it runs it
    const taken = await waitFor('this worker to run the job', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
      return j.status === 'RUNNING' && j.attempts === 2 ? j : null
    }, 180_000)
    expect(taken).toMatchObject({ retries: 1 })
    expect(taken.workerId).not.toBe('another-machine:4242')
    await trainingStarted(rm.jobId)
    await cancelJob(researcher, rm.jobId)
    await waitFor('CANCELLED', async () => (await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })).status === 'CANCELLED', 60_000)
  }, 300_000)

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
    const note = await db.jobLog.findFirst({ where: { jobId: rm.jobId, message: { contains: 'retry 1 of 1' } } })
    expect(note?.message).toMatch(/the trainer \(train-rm\) was killed \(SIGKILL\): out of memory\?/)
    expect(note?.message).not.toMatch(/it\/s|\r|%\|/) // no progress bars in the reason
    await cancelJob(researcher, rm.jobId)
    await waitFor('CANCELLED', async () => (await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })).status === 'CANCELLED', 30_000)
  }, 300_000)
})
