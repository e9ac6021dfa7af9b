// /admin/users: accounts, roles, activation, passwords and project assignments (admins only).
import { requireActor } from '../../_components/require-role.tsx'
import { UsersAdmin } from './users-admin.tsx'

export default async function AdminUsersPage() {
  const { actor, refusal } = await requireActor('/admin/users', ['ADMIN'])
  if (refusal) return refusal
  return <UsersAdmin meId={actor.id} />
}
