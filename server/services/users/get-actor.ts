// Loads the signed-in user for a request; null when the id is unknown, the account is deactivated,
// or the session has been ended (its version is no longer the user's: sign-out, password change or
// reset, deactivation). Runs on every API call, so it is one named statement on the plain pool
// (through the Prisma client the same read costs several times more CPU in the web process); the
// version comparison rides in the same statement, so ending sessions costs no extra round trip.
import { hotQuery } from '../../db/pool.ts'
import type { Role } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'

/**
 * `sessionVersion` is the version the request's session token carries; null only for in-process
 * callers that hold no session (tests, scripts), for which there is no session to have ended.
 */
export async function getActor(userId: string, sessionVersion: number | null): Promise<Actor | null> {
  const rows = await hotQuery<{ id: string; role: Role; name: string; email: string }>('get_actor',
    `SELECT "id", "role"::text AS "role", "name", "email" FROM "User"
      WHERE "id" = $1 AND "active" AND ($2::int IS NULL OR "sessionVersion" = $2::int)`, [userId, sessionVersion])
  const u = rows[0]
  return u ? { id: u.id, role: u.role, name: u.name, email: u.email } : null
}
