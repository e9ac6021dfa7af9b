// Records the annotator's preference for the pair of one of their leases, and returns their next
// item, so the browser needs one request per label. A lease submitted twice (two tabs, a double
// press) is a CONFLICT; an expired lease still counts when the pair has room for another label.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { alreadyLabelled, lockAnnotator, lockLease, reclaimSlot, UTC_NOW } from './queue.ts'
import { newRowId } from '../../lib/new-row-id.ts'
import { countLabel, nextItem, type QueueItem } from './queue-item.ts'

export const submitLabelSchema = z.object({
  assignmentId: z.string().min(1).max(64),
  choice: z.enum(['A', 'B', 'TIE']),
  confidence: z.number().int().min(1).max(5).optional(),
  rationale: z.string().max(5000).optional(),
})
export type SubmitLabelInput = z.infer<typeof submitLabelSchema>

export async function submitLabel(actor: Actor, input: SubmitLabelInput): Promise<QueueItem> {
  return db.$transaction(async (tx) => {
    await lockAnnotator(tx, actor.id)
    const lease = await lockLease(tx, actor, input.assignmentId)
    const project = lease.project
    if (lease.status === 'DONE') throw alreadyLabelled()
    if (lease.status === 'SKIPPED') throw new ServiceError('CONFLICT', 'You skipped this pair')
    if (lease.status === 'EXPIRED' && !(await reclaimSlot(tx, lease.pairId, project.overlap))) {
      throw new ServiceError('CONFLICT', 'Your time on this pair ran out and other annotators have labelled it since')
    }
    const rationale = input.rationale?.trim() || null
    const confidence = input.confidence ?? null
    // The lease becomes DONE and the label is written in one statement; a label this person
    // already has on the pair (however it got there) makes it a CONFLICT and rolls both back.
    const [label] = await tx.$queryRaw<{ id: string }[]>`
      WITH done AS (
        UPDATE "Assignment" SET status = 'DONE', "doneAt" = ${UTC_NOW} WHERE id = ${lease.id} RETURNING "pairId"
      )
      INSERT INTO "Label" (id, "pairId", source, choice, confidence, rationale, "raterKey", "userId", "createdAt")
      SELECT ${newRowId()}, done."pairId", 'HUMAN', ${input.choice}::"Choice", ${confidence}::int, ${rationale},
        ${`user:${actor.id}`}, ${actor.id}, ${UTC_NOW}
      FROM done
      ON CONFLICT ("pairId", "raterKey") DO NOTHING
      RETURNING id`
    if (!label) throw alreadyLabelled()
    await recordAudit(tx, {
      userId: actor.id, action: 'label.create', entityType: 'Label', entityId: label.id,
      detail: { assignmentId: lease.id, pairId: lease.pairId, choice: input.choice, confidence, rationale },
    })
    countLabel(project.id, 1)
    return nextItem(tx, actor.id, project)
  })
}
