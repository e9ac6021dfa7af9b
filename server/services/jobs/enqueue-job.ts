// Creates a Job row and its pg-boss message in the caller's transaction: both commit or neither.
// A job `after` another that has not succeeded yet gets no message now: the other's end starts it
// (transition-job.ts), so it waits without holding a worker.
import type { JobKind, Prisma } from '../../db/client.ts'
import { sendJobMessage } from './send-job-message.ts'

export async function enqueueJob(
  tx: Prisma.TransactionClient,
  kind: JobKind,
  data: { createdById: string; projectId?: string | null; after?: { jobId: string; phase: string } | null },
) {
  const before = data.after ? await tx.job.findUnique({ where: { id: data.after.jobId }, select: { status: true } }) : null
  const waits = before !== null && before.status !== 'SUCCEEDED'
  if (before && ['FAILED', 'CANCELLED'].includes(before.status)) throw new Error(`job ${data.after!.jobId} it would wait for already ended ${before.status}`)
  const job = await tx.job.create({
    data: {
      kind, createdById: data.createdById, projectId: data.projectId ?? null,
      ...(waits ? { afterJobId: data.after!.jobId, phase: data.after!.phase } : {}),
    },
  })
  if (waits) return job
  const queueJobId = await sendJobMessage(tx, job.id, kind)
  return { ...job, queueJobId }
}
