// Cancels a job: a queued one ends at once; a running one is aborted through pg-boss, whose
// abort signal makes the worker stop the task (and kill the trainer child process); the worker
// then marks it CANCELLED.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { forbidden, notFound } from '../../lib/errors.ts'
import { getBoss } from '../../jobs/boss.ts'
import { JOB_CONTRACT } from '../../jobs/contract.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { isTerminal, transitionJob } from './transition-job.ts'

export async function cancelJob(actor: Actor, jobId: string) {
  const job = await db.job.findUnique({ where: { id: jobId } })
  if (!job) throw notFound('Job')
  if (!isStaff(actor) && job.createdById !== actor.id) throw forbidden('Only staff or the job owner may cancel it')
  if (isTerminal(job.status)) return { status: job.status }
  const boss = await getBoss()
  if (job.queueJobId) await boss.cancel(JOB_CONTRACT[job.kind].queue, job.queueJobId)
  if (job.status === 'QUEUED') await transitionJob(jobId, 'CANCELLED', { phase: 'cancelled before it started' })
  await recordAudit(db, { userId: actor.id, action: 'job.cancel', entityType: 'Job', entityId: jobId })
  return { status: job.status === 'QUEUED' ? 'CANCELLED' : 'CANCELLING' }
}
