// A project's members and every annotator who could be one, for the settings page's picker.
import { db } from '../../db/client.ts'
import { notFound } from '../../lib/errors.ts'

const userFields = { id: true, name: true, email: true, role: true, active: true } as const

export async function listProjectMembers(projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } })
  if (!project) throw notFound('Project')
  const [members, annotators] = await Promise.all([
    db.projectMember.findMany({ where: { projectId }, select: { addedAt: true, user: { select: userFields } }, orderBy: { user: { name: 'asc' } } }),
    db.user.findMany({ where: { role: 'ANNOTATOR' }, select: userFields, orderBy: [{ active: 'desc' }, { name: 'asc' }] }),
  ])
  return { members: members.map((m) => ({ ...m.user, addedAt: m.addedAt })), annotators }
}
