// Marks a pair gold with its correct answer, or clears it (choice null). Staff only, audited with
// the answer before and after. Serving gold pairs and gold accuracy belong to the queue.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'

export const setPairGoldSchema = z.object({
  pairId: z.string().min(1).max(64),
  choice: z.enum(['A', 'B', 'TIE']).nullable(),
})

export async function setPairGold(actor: Actor, input: z.infer<typeof setPairGoldSchema>) {
  assertStaff(actor, 'Marking gold pairs needs the researcher or admin role')
  return db.$transaction(async (tx) => {
    const before = await tx.pair.findUnique({ where: { id: input.pairId }, select: { goldChoice: true } })
    if (!before) throw notFound('Pair')
    const gold = input.choice
      ? { goldChoice: input.choice, goldSetById: actor.id, goldSetAt: new Date() }
      : { goldChoice: null, goldSetById: null, goldSetAt: null }
    const pair = await tx.pair.update({ where: { id: input.pairId }, data: gold, select: { id: true, goldChoice: true, goldSetAt: true } })
    await recordAudit(tx, {
      userId: actor.id, action: input.choice ? 'pair.gold.set' : 'pair.gold.clear', entityType: 'Pair', entityId: input.pairId,
      detail: { goldChoice: { from: before.goldChoice, to: input.choice } },
    })
    return pair
  })
}
