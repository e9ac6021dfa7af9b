// Wraps every task: reads the Job row, moves its status through transitionJob, turns a thrown
// error into a readable FAILED row. Safe to run twice: a job that already ended is skipped.
// The status written after the task is retried while the database is unreachable (see settle).
import type { JobKind } from '../server/db/client.ts'
import { db } from '../server/db/client.ts'
import { JOB_CONTRACT } from '../server/jobs/contract.ts'
import { isTerminal, transitionJob } from '../server/services/jobs/transition-job.ts'
import { reportJobProgress } from '../server/services/jobs/report-job-progress.ts'
import { retryDb } from '../server/lib/retry-db.ts'

export type TaskContext = {
  jobId: string
  signal: AbortSignal
  progress: (fraction: number, phase: string) => Promise<void>
}
export type Task = (ctx: TaskContext) => Promise<void>

export async function runJob(kind: JobKind, data: unknown, signal: AbortSignal, task: Task, attemptsLeft: boolean) {
  const { jobId } = JOB_CONTRACT[kind].payload.parse(data)
  const job = await db.job.findUnique({ where: { id: jobId }, select: { status: true } })
  if (!job || isTerminal(job.status)) return
  if (job.status === 'QUEUED') await transitionJob(jobId, 'RUNNING')
  // --- issue 8 (database outage): the status after the task is written even if the database is
  // down at that moment (often the very reason the task failed): retried until it answers again,
  // instead of the job staying RUNNING until the worker restarts.
  const settle = (to: Parameters<typeof transitionJob>[1], opts: Parameters<typeof transitionJob>[2]) =>
    retryDb(() => transitionJob(jobId, to, opts), { what: `job ${kind} ${jobId}: writing status ${to}` })
  // --- end issue 8
  try {
    await task({ jobId, signal, progress: (f, phase) => reportJobProgress(jobId, f, phase) })
    await settle('SUCCEEDED', { phase: 'done' })
  } catch (e) {
    if (signal.aborted) {
      await settle('CANCELLED', { phase: 'cancelled' })
      return
    }
    const message = e instanceof Error ? e.message : String(e)
    console.error(`job ${kind} ${jobId} failed:`, e)
    if (attemptsLeft) {
      await settle('QUEUED', { phase: `retrying after: ${message}`.slice(0, 200) })
      throw e // pg-boss retries with backoff
    }
    await settle('FAILED', { error: message })
  }
}
