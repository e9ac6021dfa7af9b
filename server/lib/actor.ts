// The signed-in user as services see it. Services take an Actor and decide what it may do.
import type { Role } from '../db/client.ts'

export type Actor = { id: string; role: Role; name: string; email: string }

export const isStaff = (a: Actor) => a.role === 'RESEARCHER' || a.role === 'ADMIN'
