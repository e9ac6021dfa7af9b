// Replaces the set of annotators assigned to a project (staff only; checked by the router).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'

export async function setProjectMembers(actor: Actor, projectId: string, userIds: string[]) {
  const unique = [...new Set(userIds)]
  return db.$transaction(async (tx) => {
    if (!(await tx.project.findUnique({ where: { id: projectId }, select: { id: true } }))) throw notFound('Project')
    const found = await tx.user.count({ where: { id: { in: unique } } })
    if (found !== unique.length) throw badRequest('Some of these users do not exist')
    const before = await tx.projectMember.findMany({ where: { projectId }, select: { userId: true } })
    await tx.projectMember.deleteMany({ where: { projectId, userId: { notIn: unique } } })
    await tx.projectMember.createMany({ data: unique.map((userId) => ({ projectId, userId })), skipDuplicates: true })
    await recordAudit(tx, {
      userId: actor.id, action: 'project.members', entityType: 'Project', entityId: projectId,
      detail: { from: before.map((b) => b.userId), to: unique },
    })
    return unique.length
  })
}
