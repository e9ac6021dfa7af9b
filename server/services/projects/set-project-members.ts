// Replaces the set of annotators assigned to a project (staff only; checked by the router).
// New members must be annotators: researchers and admins see every project anyway. Users who are
// already members stay allowed, so saving the list after someone's promotion does not fail.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'

export async function setProjectMembers(actor: Actor, projectId: string, userIds: string[]) {
  const unique = [...new Set(userIds)]
  return db.$transaction(async (tx) => {
    if (!(await tx.project.findUnique({ where: { id: projectId }, select: { id: true } }))) throw notFound('Project')
    const before = await tx.projectMember.findMany({ where: { projectId }, select: { userId: true } })
    const current = new Set(before.map((b) => b.userId))
    const users = await tx.user.findMany({ where: { id: { in: unique } }, select: { id: true, role: true } })
    if (users.length !== unique.length) throw badRequest('Some of these users do not exist')
    if (users.some((u) => u.role !== 'ANNOTATOR' && !current.has(u.id))) {
      throw badRequest('Only annotators are assigned to projects; researchers and admins see every project')
    }
    await tx.projectMember.deleteMany({ where: { projectId, userId: { notIn: unique } } })
    await tx.projectMember.createMany({ data: unique.map((userId) => ({ projectId, userId })), skipDuplicates: true })
    await recordAudit(tx, {
      userId: actor.id, action: 'project.members', entityType: 'Project', entityId: projectId,
      detail: { from: [...current], to: unique },
    })
    return unique.length
  })
}
