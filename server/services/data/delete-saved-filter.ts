// Deletes one saved explorer filter. Staff only.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'

export async function deleteSavedFilter(actor: Actor, filterId: string) {
  assertStaff(actor, 'Saved filters are for researchers and admins')
  const row = await db.savedFilter.findUnique({ where: { id: filterId }, select: { id: true } })
  if (!row) throw notFound('Saved filter')
  await db.savedFilter.delete({ where: { id: filterId } })
  return { id: filterId }
}
