// Changes one of the caller's own submitted labels (choice, confidence, rationale) while the
// project allows revisions; audited with the values before and after. Someone else's label is
// NOT_FOUND (its existence is not revealed), a project with revisions off is FORBIDDEN.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { forbidden, notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

export const reviseLabelSchema = z.object({
  labelId: z.string().min(1).max(64),
  choice: z.enum(['A', 'B', 'TIE']),
  confidence: z.number().int().min(1).max(5).nullable().optional(),
  rationale: z.string().max(5000).nullable().optional(),
})

export async function reviseLabel(actor: Actor, input: z.infer<typeof reviseLabelSchema>) {
  return db.$transaction(async (tx) => {
    const label = await tx.label.findUnique({ where: { id: input.labelId }, include: { pair: { select: { projectId: true } } } })
    if (!label) throw notFound('Label')
    // Membership first: a non-member learns nothing about the project's labels.
    const project = await assertProjectAccess(actor, label.pair.projectId, tx)
    if (label.userId !== actor.id || label.source !== 'HUMAN') throw notFound('Label')
    if (!project.allowLabelRevision) throw forbidden('This project does not allow revising labels')
    const data = {
      choice: input.choice,
      confidence: input.confidence === undefined ? label.confidence : input.confidence,
      rationale: input.rationale === undefined ? label.rationale : (input.rationale?.trim() || null),
    }
    const updated = await tx.label.update({ where: { id: label.id }, data, select: { id: true, choice: true, confidence: true, rationale: true, createdAt: true } })
    await recordAudit(tx, {
      userId: actor.id, action: 'label.revise', entityType: 'Label', entityId: label.id,
      detail: {
        pairId: label.pairId,
        from: { choice: label.choice, confidence: label.confidence, rationale: label.rationale },
        to: { choice: data.choice, confidence: data.confidence, rationale: data.rationale },
      },
    })
    return updated
  })
}
