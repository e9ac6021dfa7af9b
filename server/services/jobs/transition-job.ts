// The only way a job's status changes. QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED
// (a queued job may also be cancelled, and a running one re-queued for a retry). A failure always
// carries a readable error text.
import { db, type DbOrTx, type JobStatus } from '../../db/client.ts'
import { ServiceError } from '../../lib/errors.ts'

const ALLOWED: Record<JobStatus, JobStatus[]> = {
  QUEUED: ['RUNNING', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'QUEUED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
}

export const isTerminal = (s: JobStatus) => ALLOWED[s].length === 0

export async function transitionJob(jobId: string, to: JobStatus, opts: { error?: string; phase?: string } = {}, tx: DbOrTx = db) {
  const job = await tx.job.findUnique({ where: { id: jobId }, select: { status: true } })
  if (!job) throw new ServiceError('NOT_FOUND', `Job ${jobId} not found`)
  if (!ALLOWED[job.status].includes(to)) {
    throw new ServiceError('CONFLICT', `Job ${jobId} cannot move from ${job.status} to ${to}`)
  }
  if (to === 'FAILED' && !opts.error) throw new Error('a FAILED job needs an error text')
  const now = new Date()
  // Conditional on the status read above, so two workers racing on one job cannot both move it.
  const { count } = await tx.job.updateMany({
    where: { id: jobId, status: job.status },
    data: {
      status: to,
      error: to === 'FAILED' ? opts.error!.slice(0, 4000) : null,
      phase: opts.phase ?? (to === 'RUNNING' ? 'starting' : to.toLowerCase()),
      ...(to === 'RUNNING' ? { startedAt: now, heartbeatAt: now, attempts: { increment: 1 } } : {}),
      ...(isTerminal(to) ? { finishedAt: now, ...(to === 'SUCCEEDED' ? { progress: 1 } : {}) } : {}),
    },
  })
  if (count !== 1) throw new ServiceError('CONFLICT', `Job ${jobId} changed status concurrently`)
}
