// Appends one entry to the audit log, inside the caller's transaction so the entry and the
// change it describes commit together.
import type { DbOrTx } from '../../db/client.ts'
import { Prisma } from '../../db/client.ts'

export type AuditEntry = {
  userId: string | null
  action: string
  entityType: string
  entityId: string
  detail?: Prisma.InputJsonValue
}

export async function recordAudit(tx: DbOrTx, e: AuditEntry) {
  await tx.auditLog.create({ data: { ...e, detail: e.detail ?? Prisma.JsonNull } })
}
