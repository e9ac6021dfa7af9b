// Stops an active SER run (its creator or an admin): the current round's job is cancelled when it
// is queued or running, a proposed batch stays unapproved, and the run shows who stopped it. Audited.
import { db } from '../../db/client.ts'
import { removeSpotChecks } from '../annotation/blind-inserts.ts'
import type { Actor } from '../../lib/actor.ts'
import { forbidden, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { cancelJob } from '../jobs/cancel-job.ts'
import { findSerRun } from './find-ser-run.ts'

export async function stopSerRun(actor: Actor, runId: string, reason: string) {
  const run = await findSerRun(actor, runId)
  if (actor.role !== 'ADMIN' && actor.id !== run.createdById) throw forbidden("Only the run's creator or an admin can stop it")
  if (run.status !== 'ACTIVE') throw new ServiceError('CONFLICT', `The run is already ${run.status.toLowerCase()}`)
  const why = `stopped by ${actor.name}${reason ? `: ${reason}` : ''}`
  await db.$transaction(async (tx) => {
    await removeSpotChecks(tx, { runId: run.id })
    await tx.serRun.update({ where: { id: run.id }, data: { status: 'STOPPED', endReason: why, endedAt: new Date() } })
    await recordAudit(tx, { userId: actor.id, action: 'ser.stop', entityType: 'SerRun', entityId: run.id, detail: { reason } })
  })
  const last = await db.serRound.findFirst({ where: { runId }, orderBy: { round: 'desc' }, include: { job: { select: { id: true, status: true } } } })
  if (last && ['QUEUED', 'RUNNING'].includes(last.job.status)) await cancelJob(actor, last.job.id)
  return { id: run.id, status: 'STOPPED' as const }
}
