// Creates a project (researchers and admins); the creator is recorded and audited.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { DEFAULT_MIN_HUMAN_LABELS, MAX_MIN_HUMAN_LABELS } from '../../lib/human-reference.ts'

export const projectSettingsSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  guidelines: z.string().max(50_000).default(''),
  overlap: z.number().int().min(1).max(20).default(2),
  /** Fewer human labels than this: the pair has no human reference (README "The human reference"). */
  minHumanLabels: z.number().int().min(1).max(MAX_MIN_HUMAN_LABELS).default(DEFAULT_MIN_HUMAN_LABELS),
  /** Imported human labels fill the overlap (Pair.claimCount counts them). */
  importedLabelsCountTowardOverlap: z.boolean().default(true),
})
export type ProjectSettings = z.infer<typeof projectSettingsSchema>
/** Scripts may leave the newer settings out: the columns' defaults are the schema's. */
export type ProjectSettingsInput = Omit<ProjectSettings, 'minHumanLabels' | 'importedLabelsCountTowardOverlap'> & Partial<ProjectSettings>

export async function createProject(actor: Actor, input: ProjectSettingsInput) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({ data: { ...input, createdById: actor.id } })
    await recordAudit(tx, { userId: actor.id, action: 'project.create', entityType: 'Project', entityId: project.id, detail: { name: input.name } })
    return project
  })
}
