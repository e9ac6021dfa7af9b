// Any signed-in user changes their own password; the current one must be given (a left-open
// session alone is not enough to take over the account).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { hashPassword, verifyPassword } from '../../auth/password.ts'
import { recordAudit } from '../audit/record-audit.ts'

export async function changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string) {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } })
  if (!user) throw notFound('User')
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw badRequest('The current password is wrong')
  if (currentPassword === newPassword) throw badRequest('The new password is the same as the current one')
  const passwordHash = await hashPassword(newPassword)
  return db.$transaction(async (tx) => {
    // Only if the hash is still the one we verified: a concurrent reset by an admin wins.
    const { count } = await tx.user.updateMany({ where: { id: actor.id, passwordHash: user.passwordHash }, data: { passwordHash } })
    if (count === 0) throw badRequest('Your password was changed meanwhile; sign in again')
    await recordAudit(tx, { userId: actor.id, action: 'user.password.change', entityType: 'User', entityId: actor.id })
    return { ok: true as const }
  })
}
