// Cancels a job: a queued (or waiting) one ends at once; a running one is marked as cancel-requested
// and then aborted through pg-boss, whose abort signal makes the worker stop the task (and kill the
// trainer child process); the worker sees the request on the row and marks it CANCELLED, so a
// user's cancel is never confused with a time limit or a lost worker.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { forbidden, notFound, ServiceError } from '../../lib/errors.ts'
import { getBoss } from '../../jobs/boss.ts'
import { JOB_CONTRACT } from '../../jobs/contract.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { isTerminal, transitionJob } from './transition-job.ts'

export async function cancelJob(actor: Actor, jobId: string) {
  const job = await db.job.findUnique({ where: { id: jobId } })
  if (!job) throw notFound('Job')
  if (!isStaff(actor) && job.createdById !== actor.id) throw forbidden('Only staff or the job owner may cancel it')
  if (isTerminal(job.status)) return { status: job.status }
  // Recorded before the abort, so the worker reads it when its signal fires.
  await db.job.update({ where: { id: jobId }, data: { cancelRequestedAt: new Date(), cancelRequestedById: actor.id } })
  const boss = await getBoss()
  if (job.queueJobId) await boss.cancel(JOB_CONTRACT[job.kind].queue, job.queueJobId)
  let status: string = 'CANCELLING'
  if (job.status === 'QUEUED') {
    try {
      await transitionJob(jobId, 'CANCELLED', { from: 'QUEUED', phase: `cancelled by ${actor.name} before it started`, stopReason: 'CANCELLED_BY_USER' })
      status = 'CANCELLED'
    } catch (e) {
      // A worker took it meanwhile: it sees the request on the row and stops it.
      if (!(e instanceof ServiceError && e.code === 'CONFLICT')) throw e
    }
  }
  await recordAudit(db, { userId: actor.id, action: 'job.cancel', entityType: 'Job', entityId: jobId })
  return { status }
}
