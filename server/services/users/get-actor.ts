// Loads the signed-in user for a request; null when the id is unknown or the account is deactivated.
// Runs on every API call, so it is one raw indexed read (the model API costs ~2.5x here).
import { db } from '../../db/client.ts'
import type { Role } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'

export async function getActor(userId: string): Promise<Actor | null> {
  const rows = await db.$queryRaw<{ id: string; role: Role; name: string; email: string; active: boolean }[]>`
    SELECT "id", "role"::text AS "role", "name", "email", "active" FROM "User" WHERE "id" = ${userId}`
  const u = rows[0]
  if (!u || !u.active) return null
  return { id: u.id, role: u.role, name: u.name, email: u.email }
}
