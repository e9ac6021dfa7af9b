// Skips the pair of one of the annotator's leases: they never get it again, its slot goes back to
// the pool for someone else. Returns their next item.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { alreadyLabelled, lockAnnotator, lockLease, releaseSlot } from './queue.ts'
import { nextItem, type QueueItem } from './queue-item.ts'

export const skipItemSchema = z.object({ assignmentId: z.string().min(1).max(64) })

export async function skipItem(actor: Actor, input: z.infer<typeof skipItemSchema>): Promise<QueueItem> {
  return db.$transaction(async (tx) => {
    await lockAnnotator(tx, actor.id)
    const lease = await lockLease(tx, actor, input.assignmentId)
    const project = lease.project
    if (lease.status === 'DONE') throw alreadyLabelled()
    // Skipping twice (two tabs) is harmless; an expired lease's slot was already given back.
    if (lease.status !== 'SKIPPED') {
      if (lease.status === 'OPEN') await releaseSlot(tx, lease.pairId)
      await tx.assignment.update({ where: { id: lease.id }, data: { status: 'SKIPPED' } })
      await recordAudit(tx, {
        userId: actor.id, action: 'assignment.skip', entityType: 'Assignment', entityId: lease.id,
        detail: { pairId: lease.pairId, from: lease.status },
      })
    }
    return nextItem(tx, actor.id, project)
  })
}
