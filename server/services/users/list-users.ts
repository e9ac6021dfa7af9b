// Every account for the admin's users page: role, active flag and the projects each is assigned to.
import { db } from '../../db/client.ts'

export async function listUsers() {
  const users = await db.user.findMany({
    orderBy: [{ active: 'desc' }, { role: 'asc' }, { name: 'asc' }],
    select: {
      id: true, email: true, name: true, role: true, active: true, createdAt: true,
      memberships: { select: { project: { select: { id: true, name: true } } }, orderBy: { addedAt: 'asc' } },
    },
  })
  return users.map(({ memberships, ...u }) => ({ ...u, projects: memberships.map((m) => m.project) }))
}
