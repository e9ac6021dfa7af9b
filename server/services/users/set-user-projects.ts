// Replaces the projects an annotator is assigned to, from the user's side (admins). Researchers
// and admins see every project, so only annotators are assigned.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'

export async function setUserProjects(actor: Actor, userId: string, projectIds: string[]) {
  const unique = [...new Set(projectIds)]
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } })
    if (!user) throw notFound('User')
    // Clearing is always allowed: a promoted annotator may keep stale memberships to tidy up.
    if (user.role !== 'ANNOTATOR' && unique.length > 0) {
      throw badRequest('Only annotators are assigned to projects; researchers and admins see every project')
    }
    const found = await tx.project.count({ where: { id: { in: unique } } })
    if (found !== unique.length) throw badRequest('Some of these projects do not exist')
    const before = await tx.projectMember.findMany({ where: { userId }, select: { projectId: true } })
    await tx.projectMember.deleteMany({ where: { userId, projectId: { notIn: unique } } })
    await tx.projectMember.createMany({ data: unique.map((projectId) => ({ projectId, userId })), skipDuplicates: true })
    await recordAudit(tx, {
      userId: actor.id, action: 'user.projects', entityType: 'User', entityId: userId,
      detail: { from: before.map((b) => b.projectId), to: unique },
    })
    return { projectIds: unique }
  })
}
