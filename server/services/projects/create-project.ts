// Creates a project (researchers and admins); the creator is recorded and audited.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { recordAudit } from '../audit/record-audit.ts'

export const projectSettingsSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  guidelines: z.string().max(50_000).default(''),
  overlap: z.number().int().min(1).max(20).default(2),
  /** Annotators may revise their submitted labels (History); the column defaults to yes. */
  allowLabelRevision: z.boolean().optional(),
})
export type ProjectSettings = z.infer<typeof projectSettingsSchema>

export async function createProject(actor: Actor, input: ProjectSettings) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({ data: { ...input, createdById: actor.id } })
    await recordAudit(tx, { userId: actor.id, action: 'project.create', entityType: 'Project', entityId: project.id, detail: { name: input.name } })
    return project
  })
}
