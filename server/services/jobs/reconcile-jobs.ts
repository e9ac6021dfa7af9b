// Keeps Job rows and pg-boss messages in step, run by every worker at start and then periodically.
// A RUNNING row whose worker is gone (its process on this machine no longer exists, or pg-boss's
// supervision failed its message after the heartbeats stopped) is re-queued when its kind has
// retries left, else FAILED with the reason; a cancel requested meanwhile wins. A QUEUED row whose
// message was lost gets a new one. The old message is always settled first (cancelled, or already
// ended), so a job never runs twice; what cannot be settled now is left for the next pass.
import os from 'node:os'
import { db } from '../../db/client.ts'
import { getBoss } from '../../jobs/boss.ts'
import { JOB_CONTRACT } from '../../jobs/contract.ts'
import { requeueJob, retryDelaySeconds } from './requeue-job.ts'
import { sendJobMessage } from './send-job-message.ts'
import { transitionJob } from './transition-job.ts'

const LOST = 'The worker stopped while this job was running (process killed, crashed or its machine lost)'

/** How a worker process names itself on the rows it runs. */
export const thisWorkerId = () => `${os.hostname()}:${process.pid}`

type MessageState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed' | 'missing'

function processGone(workerId: string | null): boolean {
  if (!workerId) return false
  const [host, pid] = [workerId.slice(0, workerId.lastIndexOf(':')), Number(workerId.slice(workerId.lastIndexOf(':') + 1))]
  if (host !== os.hostname() || !Number.isInteger(pid)) return false
  if (pid === process.pid) return true // ours, and not among the jobs this process is running: its run ended
  try {
    process.kill(pid, 0)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

async function messageState(queue: string, id: string | null): Promise<MessageState> {
  if (!id) return 'missing'
  const m = await (await getBoss()).getJobById(queue, id)
  return m ? m.state : 'missing'
}

type Row = { id: string; kind: keyof typeof JOB_CONTRACT; queueJobId: string | null; workerId: string | null; retries: number; cancelRequestedAt: Date | null }

/** A RUNNING row whose run is over: settle the old message, then cancel, retry or fail the row. */
async function recoverLost(j: Row, state: MessageState): Promise<'requeued' | 'failed' | 'cancelled' | 'skipped'> {
  const c = JOB_CONTRACT[j.kind]
  if (state === 'active' || state === 'created' || state === 'retry') {
    try {
      await (await getBoss()).cancel(c.queue, j.queueJobId!)
    } catch (e) {
      console.error(`reconcile: could not cancel the old message of job ${j.id}; trying again later:`, (e as Error).message)
      return 'skipped'
    }
  }
  if (j.cancelRequestedAt) {
    await transitionJob(j.id, 'CANCELLED', { from: 'RUNNING', phase: 'cancelled (its worker stopped meanwhile)', stopReason: 'CANCELLED_BY_USER' })
    return 'cancelled'
  }
  if (j.retries < c.retryLimit) {
    await requeueJob(j.id, { as: 'retry', phase: `re-queued: ${LOST.toLowerCase()}`, stopReason: 'WORKER_LOST', delaySeconds: 0 })
    return 'requeued'
  }
  await transitionJob(j.id, 'FAILED', { from: 'RUNNING', error: `${LOST}; it had no retries left (${c.retryLimit} allowed). Start it again.`, stopReason: 'WORKER_LOST' })
  return 'failed'
}

/** `runningHere`: the jobs this process is running right now (its own rows that are not lost). */
export async function reconcileJobs(runningHere: ReadonlySet<string> = new Set()) {
  const result = { requeued: 0, failed: 0, cancelled: 0, resent: 0 }
  const running = await db.job.findMany({ where: { status: 'RUNNING' }, select: { id: true, kind: true, queueJobId: true, workerId: true, retries: true, cancelRequestedAt: true } })
  for (const j of running) {
    if (runningHere.has(j.id)) continue
    const state = await messageState(JOB_CONTRACT[j.kind].queue, j.queueJobId)
    // A live claim (heartbeats still arriving) belongs to a worker somewhere; unless that worker
    // was on this machine and its process is gone, pg-boss's supervision decides when it is dead.
    if (state === 'active' && !processGone(j.workerId)) continue
    const outcome = await recoverLost(j, state).catch((e) => {
      console.error(`reconcile: job ${j.id}:`, (e as Error).message) // another worker settled it first
      return 'skipped' as const
    })
    if (outcome !== 'skipped') result[outcome]++
  }
  // Waiting rows (afterJobId, no message yet) are started by the job they wait for, not here.
  const queued = await db.job.findMany({ where: { status: 'QUEUED', queueJobId: { not: null } }, select: { id: true, kind: true, queueJobId: true, retries: true } })
  for (const j of queued) {
    const state = await messageState(JOB_CONTRACT[j.kind].queue, j.queueJobId)
    if (state !== 'failed' && state !== 'cancelled' && state !== 'missing') continue
    const resent = await db.$transaction(async (tx) => {
      const { count } = await tx.job.updateMany({ where: { id: j.id, status: 'QUEUED', queueJobId: j.queueJobId }, data: { phase: 're-queued: its queue message was lost' } })
      if (count) await sendJobMessage(tx, j.id, j.kind, { startAfterSeconds: retryDelaySeconds(j.retries + 1) })
      return count
    })
    result.resent += resent
  }
  return result
}
