// Sign-out: ends every session of the user, on all devices, by moving the user's session version
// past the one the tokens carry. JWT sessions cannot be deleted one by one without a server-side
// list of revoked tokens on the hot path; one counter on the user row is checked for free by
// get-actor's statement. Only a live session can do this: signing out with a session that has
// already ended (an old cookie on another machine) must not end the sessions started since.
import { db } from '../../db/client.ts'
import type { SessionClaim } from '../../lib/actor.ts'

/** True when the sessions were ended; false when this session was no longer live. */
export async function endSessions(session: SessionClaim): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: session.userId, sessionVersion: session.sessionVersion },
    data: { sessionVersion: { increment: 1 } },
  })
  return count === 1
}
