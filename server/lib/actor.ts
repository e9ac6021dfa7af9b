// The signed-in user as services see it. Services take an Actor and decide what it may do.
import type { Role } from '../db/client.ts'
import { ServiceError } from './errors.ts'

export type Actor = { id: string; role: Role; name: string; email: string }

export const isStaff = (a: Actor) => a.role === 'RESEARCHER' || a.role === 'ADMIN'

/** Researchers and admins only; `why` names the feature in the FORBIDDEN message. */
export function assertStaff(a: Actor, why: string) {
  if (!isStaff(a)) throw new ServiceError('FORBIDDEN', why)
}
