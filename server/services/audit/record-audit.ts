// Appends one entry to the audit log, inside the caller's transaction so the entry and the
// change it describes commit together. A raw insert: it sits on the labelling hot path.
import crypto from 'node:crypto'
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
  const detail = e.detail === undefined ? null : JSON.stringify(e.detail)
  await tx.$executeRaw`
    INSERT INTO "AuditLog" ("id", "userId", "action", "entityType", "entityId", "detail", "createdAt")
    VALUES (${crypto.randomUUID()}, ${e.userId}, ${e.action}, ${e.entityType}, ${e.entityId}, ${detail}::jsonb, now())`
}
