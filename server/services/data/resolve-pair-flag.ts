// Resolves an annotator's flag on a pair (a researcher reviewed it), audited. Staff only.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { ServiceError, notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'

export async function resolvePairFlag(actor: Actor, flagId: string) {
  assertStaff(actor, 'Resolving flags needs the researcher or admin role')
  return db.$transaction(async (tx) => {
    const flag = await tx.pairFlag.findUnique({ where: { id: flagId } })
    if (!flag) throw notFound('Flag')
    if (flag.resolvedAt) throw new ServiceError('CONFLICT', 'This flag is already resolved')
    const row = await tx.pairFlag.update({ where: { id: flagId }, data: { resolvedAt: new Date(), resolvedById: actor.id }, select: { id: true, pairId: true, resolvedAt: true } })
    await recordAudit(tx, { userId: actor.id, action: 'pair.flag.resolve', entityType: 'PairFlag', entityId: flagId, detail: { pairId: flag.pairId } })
    return row
  })
}
