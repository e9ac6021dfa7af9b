// The only way a job's status changes. QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED (a queued
// job may also be cancelled, and a running one re-queued for a retry or a continuation). A failure
// always carries a readable error text. Ending a job also settles the jobs chained after it, in
// the same transaction: they start (a pg-boss message each) when it succeeded, or fail with the
// reason when it did not — nothing polls for another job.
import { db, type DbOrTx, type JobStatus, type JobStopReason, type Prisma } from '../../db/client.ts'
import { ServiceError } from '../../lib/errors.ts'
import { sendJobMessage } from './send-job-message.ts'

const ALLOWED: Record<JobStatus, JobStatus[]> = {
  QUEUED: ['RUNNING', 'CANCELLED', 'FAILED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'QUEUED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
}

export const isTerminal = (s: JobStatus) => ALLOWED[s].length === 0

export type TransitionOptions = {
  error?: string
  phase?: string
  stopReason?: JobStopReason
  /** RUNNING: which worker process ("host:pid") runs it. */
  workerId?: string
  /** Only if the row is still in this status (a worker checks the status it saw when deciding). */
  from?: JobStatus
  /** Extra columns written with the status (counters of retries and continuations, the new message id). */
  data?: Prisma.JobUpdateManyMutationInput
}

async function transitionIn(tx: Prisma.TransactionClient, jobId: string, to: JobStatus, opts: TransitionOptions) {
  const job = await tx.job.findUnique({ where: { id: jobId }, select: { status: true } })
  if (!job) throw new ServiceError('NOT_FOUND', `Job ${jobId} not found`)
  if ((opts.from && job.status !== opts.from) || !ALLOWED[job.status].includes(to)) {
    throw new ServiceError('CONFLICT', `Job ${jobId} cannot move from ${job.status} to ${to}`)
  }
  if (to === 'FAILED' && !opts.error) throw new Error('a FAILED job needs an error text')
  const now = new Date()
  // Conditional on the status read above, so two workers racing on one job cannot both move it.
  const { count } = await tx.job.updateMany({
    where: { id: jobId, status: job.status },
    data: {
      ...opts.data,
      status: to,
      error: to === 'FAILED' ? opts.error!.slice(0, 4000) : null,
      phase: (opts.phase ?? (to === 'RUNNING' ? 'starting' : to.toLowerCase())).slice(0, 200),
      ...(opts.stopReason !== undefined || to === 'RUNNING' || to === 'SUCCEEDED' ? { stopReason: opts.stopReason ?? null } : {}),
      ...(to === 'RUNNING' ? { startedAt: now, heartbeatAt: now, attempts: { increment: 1 }, workerId: opts.workerId ?? null } : {}),
      ...(to === 'QUEUED' ? { workerId: null } : {}),
      ...(isTerminal(to) ? { finishedAt: now, ...(to === 'SUCCEEDED' ? { progress: 1 } : {}) } : {}),
    },
  })
  if (count !== 1) throw new ServiceError('CONFLICT', `Job ${jobId} changed status concurrently`)
  if (isTerminal(to)) await settleWaitingJobs(tx, jobId, to, opts.error)
}

/**
 * Jobs chained after this one. On success each loses this wait and starts once none is left (its
 * row locked first, so two of its jobs succeeding at once cannot both leave it waiting); on any
 * other end they fail (recursively, by transitionIn).
 */
async function settleWaitingJobs(tx: Prisma.TransactionClient, jobId: string, to: JobStatus, error?: string) {
  const waiting = await tx.job.findMany({ where: { waitsFor: { some: { waitsForId: jobId } }, status: 'QUEUED', queueJobId: null }, select: { id: true, kind: true } })
  for (const w of waiting) {
    if (to === 'SUCCEEDED') {
      await tx.$queryRaw`SELECT id FROM "Job" WHERE id = ${w.id} FOR UPDATE`
      await tx.jobWait.delete({ where: { jobId_waitsForId: { jobId: w.id, waitsForId: jobId } } })
      const left = await tx.jobWait.findFirst({ where: { jobId: w.id }, select: { waitsForId: true } })
      if (left) {
        await tx.job.update({ where: { id: w.id }, data: { afterJobId: left.waitsForId } })
        continue
      }
      await sendJobMessage(tx, w.id, w.kind)
      await tx.job.update({ where: { id: w.id }, data: { phase: 'queued' } })
    } else {
      const why = to === 'CANCELLED' ? 'it was cancelled' : `it failed: ${error ?? 'no reason given'}`
      await transitionIn(tx, w.id, 'FAILED', { error: `The job this one waited for could not finish (${why})`, stopReason: 'DEPENDENCY_FAILED' })
    }
  }
}

export async function transitionJob(jobId: string, to: JobStatus, opts: TransitionOptions = {}, tx?: DbOrTx) {
  // Inside the caller's transaction when given one; else in a transaction of its own.
  if (tx && !('$transaction' in tx)) return transitionIn(tx, jobId, to, opts)
  return db.$transaction((t) => transitionIn(t, jobId, to, opts))
}
