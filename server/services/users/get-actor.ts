// Loads the signed-in user for a request; null when the id is unknown or the account is deactivated.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'

export async function getActor(userId: string): Promise<Actor | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, name: true, email: true, active: true } })
  if (!u || !u.active) return null
  return { id: u.id, role: u.role, name: u.name, email: u.email }
}
