// Who may see a project: staff (researchers, admins) see every project; annotators only those
// they are members of. Returns the project row.
import type { DbOrTx } from '../../db/client.ts'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { forbidden, notFound } from '../../lib/errors.ts'

export async function assertProjectAccess(actor: Actor, projectId: string, tx: DbOrTx = db) {
  const project = await tx.project.findUnique({ where: { id: projectId } })
  if (!project) throw notFound('Project')
  if (isStaff(actor)) return project
  const member = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: actor.id } } })
  if (!member) throw forbidden('You are not assigned to this project')
  return project
}
