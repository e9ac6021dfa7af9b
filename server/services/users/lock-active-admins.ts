// Serialises changes that could remove an admin: locks the active admins' rows (in id order, so two
// transactions never deadlock) and returns their ids. Without the lock two admins demoting each
// other at once could both see "one other admin left" and leave none.
import { Prisma } from '../../db/client.ts'

export async function lockActiveAdmins(tx: Prisma.TransactionClient): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`
  return rows.map((r) => r.id)
}
