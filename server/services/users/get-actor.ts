// Loads the signed-in user for a request; null when the id is unknown or the account is deactivated.
// Runs on every API call, so it is one named statement on the plain pool (through the Prisma client
// the same read costs several times more CPU in the web process).
import { hotQuery } from '../../db/pool.ts'
import type { Role } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'

export async function getActor(userId: string): Promise<Actor | null> {
  const rows = await hotQuery<{ id: string; role: Role; name: string; email: string; active: boolean }>('get_actor',
    'SELECT "id", "role"::text AS "role", "name", "email", "active" FROM "User" WHERE "id" = $1', [userId])
  const u = rows[0]
  if (!u || !u.active) return null
  return { id: u.id, role: u.role, name: u.name, email: u.email }
}
