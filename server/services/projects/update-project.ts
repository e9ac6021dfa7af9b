// Changes a project's name, description, guidelines, overlap or label-revision setting (researchers and admins).
import { db, type Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import type { ProjectSettings } from './create-project.ts'

export async function updateProject(actor: Actor, projectId: string, patch: Partial<ProjectSettings>) {
  return db.$transaction(async (tx) => {
    const before = await tx.project.findUnique({ where: { id: projectId } })
    if (!before) throw notFound('Project')
    const project = await tx.project.update({ where: { id: projectId }, data: patch })
    const field = (row: object, k: string) => (row as Record<string, Prisma.InputJsonValue>)[k] ?? null
    const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, { from: field(before, k), to: field(project, k) }]))
    await recordAudit(tx, { userId: actor.id, action: 'project.update', entityType: 'Project', entityId: projectId, detail: changed })
    return project
  })
}
