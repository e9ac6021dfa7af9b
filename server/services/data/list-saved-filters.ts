// A project's saved explorer filters, by name, with who saved each. Staff only.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { pairFilterSchema, type PairFilter } from './pair-filter.ts'

export async function listSavedFilters(actor: Actor, projectId: string) {
  assertStaff(actor, 'Saved filters are for researchers and admins')
  await assertProjectAccess(actor, projectId)
  const rows = await db.savedFilter.findMany({
    where: { projectId }, orderBy: { name: 'asc' },
    select: { id: true, name: true, filter: true, createdAt: true, user: { select: { name: true } } },
  })
  // A filter saved by an older version may carry a field that is gone: read what still parses.
  return rows.map((r) => ({ ...r, filter: (pairFilterSchema.safeParse(r.filter).data ?? {}) as PairFilter }))
}
