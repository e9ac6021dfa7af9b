// Takes back the annotator's most recent label in a project: the label is deleted (the audit entry
// keeps its content), the lease reopens with a fresh expiry, and the pair comes back with the old
// choice, confidence and rationale filled in. Pressing undo again walks further back.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { lockAnnotator, reopenLease } from './queue.ts'
import { countLabel, readItem, type QueueItem } from './queue-item.ts'

export async function undoLastLabel(actor: Actor, projectId: string): Promise<QueueItem> {
  return db.$transaction(async (tx) => {
    const project = await assertProjectAccess(actor, projectId, tx)
    await lockAnnotator(tx, actor.id)
    const last = await tx.assignment.findFirst({
      where: { projectId, userId: actor.id, status: 'DONE' },
      orderBy: { doneAt: 'desc' },
      select: { id: true, pairId: true },
    })
    if (!last) throw new ServiceError('NOT_FOUND', 'Nothing to undo: you have no labels in this project')
    const label = await tx.label.findUnique({ where: { pairId_raterKey: { pairId: last.pairId, raterKey: `user:${actor.id}` } } })
    if (label) await tx.label.delete({ where: { id: label.id } })
    await reopenLease(tx, last.id)
    const previous = label ? { choice: label.choice, confidence: label.confidence, rationale: label.rationale } : null
    await recordAudit(tx, {
      userId: actor.id, action: 'label.undo', entityType: 'Label', entityId: label?.id ?? last.id,
      detail: { assignmentId: last.id, pairId: last.pairId, deleted: previous },
    })
    countLabel(project.id, actor.id, -1)
    return readItem(tx, actor.id, project, last.id, previous)
  })
}
