// The audit log, newest first, filtered by entity type / acting user / entity, one page at a time.
// The cursor is the last entry's id; ties on createdAt are broken by id so pages never overlap.
import { z } from 'zod'
import { db } from '../../db/client.ts'

export const auditQuerySchema = z.object({
  entityType: z.string().trim().min(1).max(64).optional(),
  userId: z.string().min(1).max(64).optional(),
  entityId: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(64).nullish(),
})
export type AuditQuery = z.infer<typeof auditQuerySchema>

export async function listAuditLog(q: AuditQuery) {
  const rows = await db.auditLog.findMany({
    where: { entityType: q.entityType, userId: q.userId, entityId: q.entityId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    select: {
      id: true, action: true, entityType: true, entityId: true, detail: true, createdAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
  })
  const more = rows.length > q.limit
  const items = more ? rows.slice(0, q.limit) : rows
  return { items, nextCursor: more ? items[items.length - 1].id : null }
}
