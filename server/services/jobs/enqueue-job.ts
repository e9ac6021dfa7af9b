// Creates a Job row and its pg-boss message in the caller's transaction: both commit or neither.
// A job `after` others that have not all succeeded yet gets no message now: the end of the last of
// them starts it (transition-job.ts), so it waits without holding a worker. Job.afterJobId names one
// unfinished job for the UI; JobWait rows hold every one it still waits for.
import type { JobKind, Prisma } from '../../db/client.ts'
import { sendJobMessage } from './send-job-message.ts'

/** What a job waits for: one job or several (a PPO run needs its SFT policy and its reward model). */
export type JobAfter = { jobId: string | string[]; phase: string } | null

export async function enqueueJob(
  tx: Prisma.TransactionClient,
  kind: JobKind,
  data: { createdById: string; projectId?: string | null; after?: JobAfter },
) {
  const ids = [...new Set(data.after ? [data.after.jobId].flat() : [])]
  const before = ids.length ? await tx.job.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } }) : []
  const ended = before.find((b) => b.status === 'FAILED' || b.status === 'CANCELLED')
  if (ended) throw new Error(`job ${ended.id} it would wait for already ended ${ended.status}`)
  const unfinished = before.filter((b) => b.status !== 'SUCCEEDED').map((b) => b.id)
  const waits = unfinished.length > 0
  const job = await tx.job.create({
    data: {
      kind, createdById: data.createdById, projectId: data.projectId ?? null,
      ...(waits ? { afterJobId: unfinished[0], phase: data.after!.phase, waitsFor: { create: unfinished.map((waitsForId) => ({ waitsForId })) } } : {}),
    },
  })
  if (waits) return job
  const queueJobId = await sendJobMessage(tx, job.id, kind)
  return { ...job, queueJobId }
}
