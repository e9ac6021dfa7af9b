// Flags a pair for a researcher to review, with a reason (broken text, both responses harmful,
// unclear prompt). An annotator may flag only a pair they were given (a lease or a label of
// theirs), so pair ids cannot be probed; staff may flag any pair. Audited.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

export const flagPairSchema = z.object({
  pairId: z.string().min(1).max(64),
  reason: z.string().trim().min(1).max(2000),
})

export async function flagPair(actor: Actor, input: z.infer<typeof flagPairSchema>) {
  return db.$transaction(async (tx) => {
    const pair = await tx.pair.findUnique({ where: { id: input.pairId }, select: { id: true, projectId: true } })
    if (!pair) throw notFound('Pair')
    await assertProjectAccess(actor, pair.projectId, tx)
    if (!isStaff(actor)) {
      const seen = await tx.assignment.findUnique({ where: { pairId_userId: { pairId: pair.id, userId: actor.id } }, select: { id: true } })
        ?? await tx.label.findFirst({ where: { pairId: pair.id, userId: actor.id }, select: { id: true } })
      if (!seen) throw notFound('Pair')
    }
    const flag = await tx.pairFlag.create({ data: { pairId: pair.id, userId: actor.id, reason: input.reason }, select: { id: true, pairId: true, reason: true, createdAt: true } })
    await recordAudit(tx, { userId: actor.id, action: 'pair.flag', entityType: 'Pair', entityId: pair.id, detail: { flagId: flag.id, reason: input.reason } })
    return flag
  })
}
