// Wraps every task: reads the Job row, moves its status through transitionJob, enforces the kind's
// deliberate time limit, and decides what an ended attempt means. Safe to run twice: a job that
// already ended, or a message that is no longer the row's, is skipped. Why an attempt stopped is
// told apart, never guessed from an aborted signal alone:
//   a user's cancel (cancelRequestedAt on the row)  → CANCELLED
//   its time limit                                   → a continuation (kinds that continue) or FAILED "timed out after …" (retried where allowed)
//   the worker shutting down                         → QUEUED again, continuing when a worker starts
//   the claim lost (pg-boss gave the job up)         → left to reconcileJobs, which re-queues or fails it
//   an error                                         → retried with backoff while retries are left, else FAILED
// What is written after the task is retried while the database is unreachable (often the very reason
// the task failed), so a job never stays RUNNING because of an outage.
import type { JobKind } from '../server/db/client.ts'
import { db } from '../server/db/client.ts'
import { formatLimit, JOB_CONTRACT, maxContinuations, timeLimitSeconds } from '../server/jobs/contract.ts'
import { isTerminal, transitionJob } from '../server/services/jobs/transition-job.ts'
import { createJobEventSink, type JobEvent } from '../server/services/jobs/create-job-event-sink.ts'
import { requeueJob, retryDelaySeconds } from '../server/services/jobs/requeue-job.ts'
import { thisWorkerId } from '../server/services/jobs/reconcile-jobs.ts'
import { TimeLimitReached, WorkerShutdown } from './stop-reasons.ts'
import { retryDb } from '../server/lib/retry-db.ts'

export type TaskContext = {
  jobId: string
  /** Aborted when the task must stop; the reason says why (a GracefulStop lets a trainer save its state first). */
  signal: AbortSignal
  /** The job's event sink: every progress step, log line, metric and artefact goes through it. */
  emit: (e: JobEvent) => Promise<void>
  /** Stores what the sink still holds (metrics and logs are batched), e.g. before the task reads them back. */
  flush: () => Promise<void>
}
export type Task = (ctx: TaskContext) => Promise<void>

export type RunJobOptions = {
  /** Whether a failure may be retried (the contract's retryLimit); inline runs in scripts and tests say no. */
  retries?: boolean
  /** The pg-boss message being run: a message that is no longer the row's current one is stale and skipped. */
  messageId?: string
  /** Aborted when the worker process shuts down. */
  shutdown?: AbortSignal
}

/** Jobs this process is running right now: reconcileJobs leaves them alone. */
export const runningHere = new Set<string>()

export async function runJob(kind: JobKind, data: unknown, signal: AbortSignal, task: Task, opts: RunJobOptions = {}) {
  const { jobId } = JOB_CONTRACT[kind].payload.parse(data)
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true, queueJobId: true, cancelRequestedAt: true } })
  if (!job || isTerminal(job.status)) return
  if (opts.messageId && job.queueJobId && job.queueJobId !== opts.messageId) return
  if (job.cancelRequestedAt) {
    await transitionJob(jobId, 'CANCELLED', { phase: 'cancelled before it started', stopReason: 'CANCELLED_BY_USER' }).catch(() => undefined)
    return
  }
  runningHere.add(jobId) // before the row says RUNNING, so a reconciliation pass never takes it for lost
  try {
    if (job.status === 'QUEUED') await transitionJob(jobId, 'RUNNING', { from: 'QUEUED', workerId: thisWorkerId() })
    await runAttempt(kind, jobId, signal, task, opts)
  } finally {
    runningHere.delete(jobId)
  }
}

async function runAttempt(kind: JobKind, jobId: string, signal: AbortSignal, task: Task, opts: RunJobOptions) {
  const limit = timeLimitSeconds(kind)
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(new TimeLimitReached(limit)), limit * 1000)
  const stop = AbortSignal.any([signal, deadline.signal, ...(opts.shutdown ? [opts.shutdown] : [])])
  const sink = createJobEventSink(jobId)
  let failure: unknown = null
  try {
    await task({ jobId, signal: stop, emit: sink.onEvent, flush: sink.flush })
  } catch (e) {
    failure = e
  } finally {
    clearTimeout(timer)
  }
  // Its last metrics and log lines; with the database gone they are lost, which does not change how it ended.
  await sink.flush().catch((e: unknown) => console.error(`job ${kind} ${jobId}: its last log lines and metrics could not be stored:`, (e as Error).message))
  const what = `job ${kind} ${jobId}: writing how it ended`
  if (failure === null) {
    // Re-read on each try: a write whose answer was lost to the outage may have landed already.
    await retryDb(async () => {
      if ((await db.job.findUnique({ where: { id: jobId }, select: { status: true } }))?.status === 'RUNNING') {
        await transitionJob(jobId, 'SUCCEEDED', { from: 'RUNNING', phase: 'done' })
      }
    }, { what })
    return
  }
  // Logged before anything is written: with the database down, the operator still sees why at once.
  if (!stop.aborted) console.error(`job ${kind} ${jobId} failed:`, failure)
  const outcome = await retryDb(() => endAttempt(kind, jobId, failure, stop, opts.retries ?? true), { what })
  if (outcome) {
    await sink.onEvent({ type: 'log', level: 'WARN', message: outcome })
    await sink.flush().catch(() => undefined) // a note for the log only: the row already says it
  }
}

/** The attempt threw or was stopped: records what that means for the job; returns it for the job's log. */
async function endAttempt(kind: JobKind, jobId: string, error: unknown, stop: AbortSignal, retries: boolean): Promise<string | null> {
  const row = await db.job.findUniqueOrThrow({ where: { id: jobId }, select: { status: true, retries: true, continuations: true, cancelRequestedAt: true } })
  if (row.status !== 'RUNNING') return null // settled elsewhere meanwhile (reconcileJobs, a cancel before the start)
  const message = error instanceof Error ? error.message : String(error)
  const retryLeft = retries && row.retries < JOB_CONTRACT[kind].retryLimit
  if (row.cancelRequestedAt) {
    const by = await cancelledBy(jobId)
    await transitionJob(jobId, 'CANCELLED', { from: 'RUNNING', phase: `cancelled by ${by}`, stopReason: 'CANCELLED_BY_USER' })
    return `cancelled by ${by}`
  }
  const reason = stop.aborted ? stop.reason : null
  if (reason instanceof TimeLimitReached) return endByTimeLimit(kind, jobId, row, reason, retryLeft)
  if (reason instanceof WorkerShutdown) {
    await requeueJob(jobId, { as: 'interruption', phase: 'interrupted: the worker shut down; it continues when a worker runs again' })
    return 'interrupted by the worker\'s shutdown; it continues from its last saved state when a worker runs again'
  }
  if (stop.aborted) {
    // Not ours: pg-boss took the claim away (its heartbeat check or expiry). reconcileJobs settles the row.
    console.error(`job ${kind} ${jobId}: the queue gave up this attempt (${message}); leaving it to reconciliation`)
    return `the queue gave up this attempt (${message}); it is re-queued or failed by the next reconciliation`
  }
  if (retryLeft) {
    const delay = retryDelaySeconds(row.retries + 1)
    await requeueJob(jobId, { as: 'retry', phase: `retrying after: ${message}`, stopReason: 'ERROR', delaySeconds: delay })
    return `attempt failed: ${message}; retry ${row.retries + 1} of ${JOB_CONTRACT[kind].retryLimit} in ${delay} s`
  }
  await transitionJob(jobId, 'FAILED', { from: 'RUNNING', error: message, stopReason: 'ERROR' })
  return null
}

type Counts = { retries: number; continuations: number }

async function endByTimeLimit(kind: JobKind, jobId: string, row: Counts, reason: TimeLimitReached, retryLeft: boolean) {
  const limit = formatLimit(reason.seconds)
  const setting = `REWARDLAB_JOB_TIME_LIMIT_${kind}`
  const c = JOB_CONTRACT[kind]
  if (c.continues && row.continuations < maxContinuations()) {
    const phase = `continuing from its last checkpoint after the ${limit} limit per attempt (continuation ${row.continuations + 1} of at most ${maxContinuations()})`
    await requeueJob(jobId, { as: 'continuation', stopReason: 'TIME_LIMIT', phase })
    return `reached its ${limit} limit per attempt (${setting}); ${phase}`
  }
  const text = c.continues
    ? `timed out: it used all ${row.continuations + 1} attempts of ${limit} each (REWARDLAB_JOB_MAX_CONTINUATIONS, ${setting})`
    : `timed out after ${limit}, its limit per attempt (${setting})`
  // A continuing kind has had its whole time budget; a retry would only extend it.
  if (retryLeft && !c.continues) {
    await requeueJob(jobId, { as: 'retry', phase: `retrying after: ${text}`, stopReason: 'TIME_LIMIT', delaySeconds: retryDelaySeconds(row.retries + 1) })
    return `${text}; retry ${row.retries + 1} of ${c.retryLimit}`
  }
  await transitionJob(jobId, 'FAILED', { from: 'RUNNING', error: text, stopReason: 'TIME_LIMIT' })
  return null
}

async function cancelledBy(jobId: string) {
  const j = await db.job.findUnique({ where: { id: jobId }, select: { cancelRequestedBy: { select: { name: true } } } })
  return j?.cancelRequestedBy?.name ?? 'a user'
}

