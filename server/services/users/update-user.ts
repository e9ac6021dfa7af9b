// Changes a user's name, role or active flag (admins). Guard rails: an admin cannot deactivate or
// demote themselves, and the last active admin can be neither deactivated nor demoted. Deactivation
// ends the user's sessions, so reactivating the account later does not revive them. (A role change
// needs no such step: the role is read from the user row on every request.)
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, notFound, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { lockActiveAdmins } from './lock-active-admins.ts'

export const userPatchSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(['ANNOTATOR', 'RESEARCHER', 'ADMIN']).optional(),
  active: z.boolean().optional(),
})
export type UserPatch = z.infer<typeof userPatchSchema>

export async function updateUser(actor: Actor, userId: string, patch: UserPatch) {
  return db.$transaction(async (tx) => {
    // Lock first, read second: the read then sees any admin change that committed while we waited.
    const admins = await lockActiveAdmins(tx)
    const before = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, role: true, active: true } })
    if (!before) throw notFound('User')
    const losesAdmin = before.role === 'ADMIN' && before.active
      && ((patch.role !== undefined && patch.role !== 'ADMIN') || patch.active === false)
    if (losesAdmin && userId === actor.id) {
      throw badRequest('You cannot deactivate or demote your own account; ask another admin')
    }
    if (losesAdmin && admins.filter((id) => id !== userId).length === 0) {
      throw new ServiceError('CONFLICT', 'This is the last active admin: make another user admin first')
    }
    const deactivates = before.active && patch.active === false
    const user = await tx.user.update({
      where: { id: userId }, data: { ...patch, ...(deactivates && { sessionVersion: { increment: 1 } }) },
      select: { id: true, email: true, name: true, role: true, active: true },
    })
    const changed = Object.fromEntries((Object.keys(patch) as (keyof UserPatch)[])
      .filter((k) => before[k] !== user[k])
      .map((k) => [k, { from: before[k], to: user[k] }]))
    await recordAudit(tx, { userId: actor.id, action: 'user.update', entityType: 'User', entityId: userId, detail: changed })
    return user
  })
}
