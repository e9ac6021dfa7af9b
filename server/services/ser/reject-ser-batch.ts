// Rejects a proposed batch (admins): none of its self-labels trains anything, its pairs return to the
// pool, and the run stops with the reason (a new run can try other thresholds). Audited.
import { db } from '../../db/client.ts'
import { removeSpotChecks } from '../annotation/blind-inserts.ts'
import type { Actor } from '../../lib/actor.ts'
import { forbidden, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { findSerBatch } from './find-ser-run.ts'

export async function rejectSerBatch(actor: Actor, batchId: string, reason: string) {
  const batch = await findSerBatch(actor, batchId)
  if (actor.role !== 'ADMIN') throw forbidden('Only admins reject self-label batches')
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "SerBatch" WHERE id = ${batch.id} FOR UPDATE`
    const now = await tx.serBatch.findUniqueOrThrow({ where: { id: batch.id }, select: { status: true } })
    if (now.status !== 'PROPOSED') throw new ServiceError('CONFLICT', `This batch is already ${now.status.toLowerCase()}`)
    const why = `round ${batch.round.round}'s batch was rejected by ${actor.name}: ${reason}`
    await tx.serBatch.update({ where: { id: batch.id }, data: { status: 'REJECTED', decidedById: actor.id, decidedAt: new Date(), decisionReason: reason } })
    await removeSpotChecks(tx, { serBatchId: batch.id })
    await tx.serRun.update({ where: { id: batch.runId }, data: { status: 'STOPPED', endReason: why, endedAt: new Date() } })
    await recordAudit(tx, { userId: actor.id, action: 'ser.batch.reject', entityType: 'SerBatch', entityId: batch.id, detail: { run: batch.run.name, round: batch.round.round, reason } })
    return { batchId: batch.id, status: 'REJECTED' as const }
  })
}
