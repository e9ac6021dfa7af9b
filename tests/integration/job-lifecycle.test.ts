// The life of a job through runJob and reconcileJobs on a real database and pg-boss: a time limit
// is told apart from a user's cancel (FAILED "timed out" or a continuation, never "cancelled"),
// retries follow the contract exactly (whatever crashed), a lost worker's job is re-queued only
// once its old message is settled, chained jobs start when the job they wait for succeeds and fail
// when it does not, and a stale message never runs a job twice. Tasks here are stand-ins that wait
// for their signal; the real tasks' behaviour under the same rules is in worker-process.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { db, type JobKind } from '@/server/db/client.ts'
import { bossRole, getBoss, startBoss, stopBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import { enqueueJob } from '@/server/services/jobs/enqueue-job.ts'
import { reconcileJobs } from '@/server/services/jobs/reconcile-jobs.ts'
import { transitionJob } from '@/server/services/jobs/transition-job.ts'
import { runJob, type Task } from '@/workers/run-job.ts'
import { makeUser } from './helpers.ts'

let researcher: Actor
const ENV = ['REWARDLAB_JOB_TIME_LIMIT_IMPORT', 'REWARDLAB_JOB_TIME_LIMIT_SCORE_PAIRS', 'REWARDLAB_JOB_TIME_LIMIT_JUDGE_RUN', 'REWARDLAB_JOB_MAX_CONTINUATIONS']

beforeAll(async () => { researcher = await makeUser('RESEARCHER') })
afterEach(() => { for (const k of ENV) delete process.env[k] })
afterAll(async () => {
  // Leave nothing for a worker started by a later test file.
  const open = await db.job.findMany({ where: { createdById: researcher.id, status: { in: ['QUEUED', 'RUNNING'] } } })
  const boss = await getBoss()
  for (const j of open) if (j.queueJobId) await boss.cancel(JOB_CONTRACT[j.kind].queue, j.queueJobId).catch(() => undefined)
  await db.job.updateMany({ where: { id: { in: open.map((j) => j.id) } }, data: { status: 'CANCELLED', finishedAt: new Date() } })
  await stopBoss()
})

const newJob = (kind: JobKind, after?: string | string[]) =>
  db.$transaction((tx) => enqueueJob(tx, kind, { createdById: researcher.id, after: after ? { jobId: after, phase: 'waiting for the first job' } : null }))
const row = (id: string) => db.job.findUniqueOrThrow({ where: { id } })
const never = new AbortController().signal

/** Runs until its signal aborts, then throws the signal's reason (as a real task does). */
const waitForStop: Task = ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))
const failing: Task = async () => { throw new Error('the model folder vanished') }
const messageState = async (kind: JobKind, id: string | null) => (await (await getBoss()).getJobById(JOB_CONTRACT[kind].queue, id!))?.state

describe('time limits', () => {
  test('a kind that does not continue: FAILED "timed out after …" with TIME_LIMIT, not cancelled', async () => {
    process.env.REWARDLAB_JOB_TIME_LIMIT_IMPORT = '1'
    const job = await newJob('IMPORT')
    await runJob('IMPORT', { jobId: job.id }, never, waitForStop)
    const ended = await row(job.id)
    expect(ended).toMatchObject({ status: 'FAILED', stopReason: 'TIME_LIMIT', retries: 0 })
    expect(ended.error).toBe('timed out after 1 s, its limit per attempt (REWARDLAB_JOB_TIME_LIMIT_IMPORT)')
    expect(await db.jobLog.count({ where: { jobId: job.id } })).toBe(0) // no retry, nothing to note
  })

  test('a kind with retries: the timed-out attempt is retried with a fresh message', async () => {
    process.env.REWARDLAB_JOB_TIME_LIMIT_SCORE_PAIRS = '1'
    const job = await newJob('SCORE_PAIRS')
    await runJob('SCORE_PAIRS', { jobId: job.id }, never, waitForStop)
    const r = await row(job.id)
    expect(r).toMatchObject({ status: 'QUEUED', stopReason: 'TIME_LIMIT', retries: 1 })
    expect(r.phase).toMatch(/^retrying after: timed out after 1 s/)
    expect(r.queueJobId).not.toBe(job.queueJobId)
    expect(await messageState('SCORE_PAIRS', r.queueJobId)).toBe('created')
  })

  test('a kind that continues: re-queued as a continuation, FAILED once the continuations are used up', async () => {
    process.env.REWARDLAB_JOB_TIME_LIMIT_JUDGE_RUN = '1'
    process.env.REWARDLAB_JOB_MAX_CONTINUATIONS = '1'
    const job = await newJob('JUDGE_RUN')
    await runJob('JUDGE_RUN', { jobId: job.id }, never, waitForStop)
    const first = await row(job.id)
    expect(first).toMatchObject({ status: 'QUEUED', stopReason: 'TIME_LIMIT', continuations: 1, retries: 0 })
    expect(first.phase).toMatch(/^continuing from its last checkpoint after the 1 s limit per attempt \(continuation 1 of at most 1\)/)
    await runJob('JUDGE_RUN', { jobId: job.id }, never, waitForStop, { messageId: first.queueJobId! })
    const second = await row(job.id)
    expect(second).toMatchObject({ status: 'FAILED', stopReason: 'TIME_LIMIT', attempts: 2, continuations: 1 })
    expect(second.error).toMatch(/^timed out: it used all 2 attempts of 1 s each/)
    const log = await db.jobLog.findMany({ where: { jobId: job.id } })
    expect(log.map((l) => l.message)).toEqual([expect.stringMatching(/reached its 1 s limit per attempt/)])
  })

  test("a user's cancel of a running job is CANCELLED_BY_USER, with who cancelled it", async () => {
    const job = await newJob('SCORE_PAIRS')
    const claim = new AbortController() // what pg-boss aborts when the cancel reaches the worker's heartbeat
    const run = runJob('SCORE_PAIRS', { jobId: job.id }, claim.signal, waitForStop)
    await vi.waitFor(async () => expect((await row(job.id)).status).toBe('RUNNING'), { timeout: 15_000 })
    expect((await cancelJob(researcher, job.id)).status).toBe('CANCELLING')
    expect(await messageState('SCORE_PAIRS', job.queueJobId)).toBe('cancelled')
    claim.abort(new Error('job is no longer active under this worker\'s claim'))
    await run
    expect(await row(job.id)).toMatchObject({ status: 'CANCELLED', stopReason: 'CANCELLED_BY_USER', phase: `cancelled by ${researcher.name}`, error: null })
  })
})

describe('retries follow the contract', () => {
  test('a failing TRAIN_RM (retryLimit 1) runs exactly twice, then FAILED with the error', async () => {
    const job = await newJob('TRAIN_RM')
    await runJob('TRAIN_RM', { jobId: job.id }, never, failing)
    const retried = await row(job.id)
    expect(retried).toMatchObject({ status: 'QUEUED', retries: 1, attempts: 1, stopReason: 'ERROR' })
    await runJob('TRAIN_RM', { jobId: job.id }, never, failing, { messageId: retried.queueJobId! })
    expect(await row(job.id)).toMatchObject({ status: 'FAILED', retries: 1, attempts: 2, error: 'the model folder vanished', stopReason: 'ERROR' })
  })

  test('a lost worker: re-queued only while retries are left; a retried job lost again ends FAILED', async () => {
    const job = await newJob('TRAIN_RM')
    const claim = new AbortController()
    const run = runJob('TRAIN_RM', { jobId: job.id }, claim.signal, waitForStop)
    await vi.waitFor(async () => expect((await row(job.id)).status).toBe('RUNNING'), { timeout: 15_000 })
    // pg-boss gave the attempt up (its heartbeat stopped): the worker leaves the row to reconciliation.
    await (await getBoss()).fail(JOB_CONTRACT.TRAIN_RM.queue, job.queueJobId!)
    claim.abort(new Error('job is no longer active under this worker\'s claim'))
    await run
    expect((await row(job.id)).status).toBe('RUNNING')
    await reconcileJobs()
    const requeued = await row(job.id)
    expect(requeued).toMatchObject({ status: 'QUEUED', retries: 1, stopReason: 'WORKER_LOST' })
    expect(requeued.queueJobId).not.toBe(job.queueJobId)

    // The second attempt's worker dies too (its process is gone: a row of this host naming a dead pid).
    await transitionJob(job.id, 'RUNNING', { workerId: `${(await import('node:os')).hostname()}:2147483646` })
    await reconcileJobs()
    const failed = await row(job.id)
    expect(failed).toMatchObject({ status: 'FAILED', retries: 1, stopReason: 'WORKER_LOST' })
    expect(failed.error).toMatch(/no retries left \(1 allowed\)/)
    expect(await messageState('TRAIN_RM', requeued.queueJobId)).toBe('cancelled') // settled before the row
  })

  test('when the old message cannot be cancelled, no second message is sent (the job cannot run twice)', async () => {
    const job = await newJob('TRAIN_RM')
    await transitionJob(job.id, 'RUNNING', { workerId: `${(await import('node:os')).hostname()}:2147483646` })
    const boss = await getBoss()
    const cancel = vi.spyOn(boss, 'cancel').mockRejectedValueOnce(new Error('connection terminated'))
    try {
      await reconcileJobs()
    } finally {
      cancel.mockRestore()
    }
    expect(await row(job.id)).toMatchObject({ status: 'RUNNING', queueJobId: job.queueJobId, retries: 0 })
    await reconcileJobs() // the next pass, with the database answering again
    const r = await row(job.id)
    expect(r).toMatchObject({ status: 'QUEUED', retries: 1 })
    expect(await messageState('TRAIN_RM', job.queueJobId)).toBe('cancelled')
  })

  test('a message that is no longer the row\'s current one is skipped', async () => {
    const job = await newJob('SCORE_PAIRS')
    const task = vi.fn(async () => {})
    await runJob('SCORE_PAIRS', { jobId: job.id }, never, task, { messageId: 'an-older-message' })
    expect(task).not.toHaveBeenCalled()
    expect((await row(job.id)).status).toBe('QUEUED')
  })
})

test('one pg-boss instance per process, in the role it was first started in', async () => {
  await getBoss() // this process only sends
  expect(bossRole()).toBe('sender')
  expect(() => startBoss('worker')).toThrow(/already started as a sender in this process/)
  expect(await startBoss('sender')).toBe(await getBoss())
})

describe('chained jobs', () => {
  test('a job after another waits without a message and starts when the other succeeds', async () => {
    const first = await newJob('PRETRAIN_LM')
    const second = await newJob('TRAIN_RM', first.id)
    expect(await row(second.id)).toMatchObject({ status: 'QUEUED', queueJobId: null, afterJobId: first.id, phase: 'waiting for the first job' })
    await runJob('PRETRAIN_LM', { jobId: first.id }, never, async () => {})
    const released = await row(second.id)
    expect(released.queueJobId).not.toBeNull()
    expect(await messageState('TRAIN_RM', released.queueJobId)).toBe('created')
  })

  test('a job after one that fails ends FAILED with DEPENDENCY_FAILED and the reason', async () => {
    const first = await newJob('PRETRAIN_LM')
    const second = await newJob('TRAIN_RM', first.id)
    await runJob('PRETRAIN_LM', { jobId: first.id }, never, failing, { retries: false })
    const r = await row(second.id)
    expect(r).toMatchObject({ status: 'FAILED', stopReason: 'DEPENDENCY_FAILED', queueJobId: null })
    expect(r.error).toBe('The job this one waited for could not finish (it failed: the model folder vanished)')
  })

  test('a job after several starts when the last of them succeeds, not before; one already done is not waited for', async () => {
    const done = await newJob('PRETRAIN_LM')
    await runJob('PRETRAIN_LM', { jobId: done.id }, never, async () => {})
    const [a, b] = [await newJob('TRAIN_RM'), await newJob('SFT')]
    const ppo = await newJob('PPO', [done.id, a.id, b.id])
    expect(await row(ppo.id)).toMatchObject({ status: 'QUEUED', queueJobId: null, afterJobId: a.id })
    expect((await db.jobWait.findMany({ where: { jobId: ppo.id } })).map((w) => w.waitsForId).sort()).toEqual([a.id, b.id].sort())
    await runJob('TRAIN_RM', { jobId: a.id }, never, async () => {})
    // Still waiting, now shown as waiting for the other one.
    expect(await row(ppo.id)).toMatchObject({ status: 'QUEUED', queueJobId: null, afterJobId: b.id, phase: 'waiting for the first job' })
    await runJob('SFT', { jobId: b.id }, never, async () => {})
    const released = await row(ppo.id)
    expect(released).toMatchObject({ status: 'QUEUED', phase: 'queued' })
    expect(await messageState('PPO', released.queueJobId)).toBe('created')
    expect(await db.jobWait.count({ where: { jobId: ppo.id } })).toBe(0)
  })

  test('two of its jobs succeeding at the same time release a waiting job exactly once', async () => {
    const [a, b] = [await newJob('TRAIN_RM'), await newJob('SFT')]
    const ppo = await newJob('PPO', [a.id, b.id])
    for (const j of [a, b]) await transitionJob(j.id, 'RUNNING')
    await Promise.all([transitionJob(a.id, 'SUCCEEDED'), transitionJob(b.id, 'SUCCEEDED')])
    const released = await row(ppo.id)
    expect(released.queueJobId).not.toBeNull()
    expect(await messageState('PPO', released.queueJobId)).toBe('created')
  })

  test('a job after several fails as soon as one of them fails, and cannot wait for one that already ended', async () => {
    const [a, b] = [await newJob('TRAIN_RM'), await newJob('SFT')]
    const ppo = await newJob('PPO', [a.id, b.id])
    await runJob('TRAIN_RM', { jobId: a.id }, never, async () => {})
    await runJob('SFT', { jobId: b.id }, never, failing, { retries: false })
    expect(await row(ppo.id)).toMatchObject({ status: 'FAILED', stopReason: 'DEPENDENCY_FAILED', queueJobId: null })
    await expect(newJob('PPO', [a.id, b.id])).rejects.toThrow(`job ${b.id} it would wait for already ended FAILED`)
  })

  test('cancelling the job waited for fails the waiting one; cancelling a waiting job needs no message', async () => {
    const first = await newJob('PRETRAIN_LM')
    const second = await newJob('TRAIN_RM', first.id)
    const third = await newJob('TRAIN_RM', first.id)
    expect((await cancelJob(researcher, third.id)).status).toBe('CANCELLED')
    await cancelJob(researcher, first.id)
    expect(await row(second.id)).toMatchObject({ status: 'FAILED', stopReason: 'DEPENDENCY_FAILED' })
    expect(await row(third.id)).toMatchObject({ status: 'CANCELLED', stopReason: 'CANCELLED_BY_USER' })
  })
})
