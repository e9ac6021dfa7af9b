// The signed-in user as services see it. Services take an Actor and decide what it may do.
import type { Role } from '../db/client.ts'
import { ServiceError } from './errors.ts'

export type Actor = { id: string; role: Role; name: string; email: string }

/**
 * What a request's session token says: the user, and the user's session version at sign-in. The
 * session is live while that version is still the user's (see get-actor.ts).
 */
export type SessionClaim = { userId: string; sessionVersion: number }

export const isStaff = (a: Actor) => a.role === 'RESEARCHER' || a.role === 'ADMIN'

/** Researchers and admins only; `why` names the feature in the FORBIDDEN message. */
export function assertStaff(a: Actor, why: string) {
  if (!isStaff(a)) throw new ServiceError('FORBIDDEN', why)
}
