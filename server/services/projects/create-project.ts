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
  /** Annotators may revise their submitted labels (History); the column defaults to yes. */
  allowLabelRevision: z.boolean().optional(),
  /** Gold pairs are a tenth of an annotator's items: enough to measure, few enough not to waste their time. */
  goldRate: z.number().min(0).max(1).default(0.1),
  /** Below 70% on gold, an annotator is flagged for review (chance on A/B is 50%). */
  goldThreshold: z.number().min(0).max(1).default(0.7),
  /** Not before 5 gold answers: one or two misses say little. */
  goldMinAnswers: z.number().int().min(1).max(10_000).default(5),
})
export type ProjectSettings = z.infer<typeof projectSettingsSchema>
/** Scripts may leave the newer settings out: the columns' defaults are the schema's. */
export type ProjectSettingsInput = Pick<ProjectSettings, 'name' | 'description' | 'guidelines' | 'overlap'> & Partial<ProjectSettings>

export async function createProject(actor: Actor, input: ProjectSettingsInput) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({ data: { ...input, createdById: actor.id } })
    await recordAudit(tx, { userId: actor.id, action: 'project.create', entityType: 'Project', entityId: project.id, detail: { name: input.name } })
    return project
  })
}
