// Saves the explorer's current filter under a name in a project (staff share them); saving under a
// taken name replaces that filter, as a "save" in Argilla or Label Studio does.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { pairFilterSchema } from './pair-filter.ts'

export const saveFilterSchema = z.object({
  projectId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(120),
  filter: pairFilterSchema,
})

export async function saveFilter(actor: Actor, input: z.infer<typeof saveFilterSchema>) {
  assertStaff(actor, 'Saved filters are for researchers and admins')
  await assertProjectAccess(actor, input.projectId)
  // Only the fields that are set: the stored JSON reads as the URL does.
  const filter = Object.fromEntries(Object.entries(input.filter).filter(([, v]) => v !== undefined))
  return db.savedFilter.upsert({
    where: { projectId_name: { projectId: input.projectId, name: input.name } },
    create: { projectId: input.projectId, userId: actor.id, name: input.name, filter },
    update: { filter, userId: actor.id },
    select: { id: true, name: true, filter: true },
  })
}
