// /admin/audit: who changed what, newest first (admins only).
import { requireActor } from '../../_components/require-role.tsx'
import { AuditLog } from './audit-log.tsx'

export default async function AdminAuditPage() {
  const { refusal } = await requireActor('/admin/audit', ['ADMIN'])
  if (refusal) return refusal
  return <AuditLog />
}
