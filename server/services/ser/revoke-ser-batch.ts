// Revokes an approved batch (admins): its SELF labels are deleted, so it leaves every future
// training set (models already trained on it keep what they learnt, and say so on the run page);
// its pairs return to the pool of later rounds. Audited.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { forbidden, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { findSerBatch } from './find-ser-run.ts'

export async function revokeSerBatch(actor: Actor, batchId: string, reason: string) {
  const batch = await findSerBatch(actor, batchId)
  if (actor.role !== 'ADMIN') throw forbidden('Only admins revoke self-label batches')
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "SerBatch" WHERE id = ${batch.id} FOR UPDATE`
    const now = await tx.serBatch.findUniqueOrThrow({ where: { id: batch.id }, select: { status: true } })
    if (now.status !== 'APPROVED') throw new ServiceError('CONFLICT', `Only an approved batch can be revoked; this one is ${now.status.toLowerCase()}`)
    const { count } = await tx.label.deleteMany({ where: { serBatchId: batch.id } })
    await tx.serBatch.update({ where: { id: batch.id }, data: { status: 'REVOKED', revokedById: actor.id, revokedAt: new Date(), revokeReason: reason } })
    await recordAudit(tx, { userId: actor.id, action: 'ser.batch.revoke', entityType: 'SerBatch', entityId: batch.id, detail: { run: batch.run.name, round: batch.round.round, labelsRemoved: count, reason } })
    return { batchId: batch.id, status: 'REVOKED' as const, labelsRemoved: count }
  })
}
