// Puts a RUNNING job back in the queue with a fresh pg-boss message, in one transaction: a retry
// after a failure (counted against the contract's retryLimit, with backoff), a continuation after
// its per-attempt time limit (counted against the continuation cap), or an interruption by a
// worker's shutdown (counted as neither: nothing went wrong).
import { db, type JobStopReason } from '../../db/client.ts'
import { transitionJob } from './transition-job.ts'
import { sendJobMessage } from './send-job-message.ts'

export type Requeue = { as: 'retry' | 'continuation' | 'interruption'; phase: string; stopReason?: JobStopReason; delaySeconds?: number }

/** Backoff before retry n (1-based): 5 s, 10 s, 20 s, … capped at 5 min. */
export const retryDelaySeconds = (n: number) => Math.min(300, 5 * 2 ** Math.max(0, n - 1))

export async function requeueJob(jobId: string, r: Requeue) {
  await db.$transaction(async (tx) => {
    const job = await tx.job.findUniqueOrThrow({ where: { id: jobId }, select: { kind: true } })
    await transitionJob(jobId, 'QUEUED', {
      from: 'RUNNING',
      phase: r.phase,
      stopReason: r.stopReason,
      data: r.as === 'retry' ? { retries: { increment: 1 } } : r.as === 'continuation' ? { continuations: { increment: 1 } } : {},
    }, tx)
    await sendJobMessage(tx, jobId, job.kind, { startAfterSeconds: r.delaySeconds })
  })
}
