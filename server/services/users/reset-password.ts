// An admin sets a new password for a user (forgotten password, first sign-in, a suspected break-in).
// Every session of that user ends at once, and the account's failed sign-ins are forgiven (the
// user may try the new password at once). The password and its hash never reach the audit log.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { hashPassword } from '../../auth/password.ts'
import { recordAudit } from '../audit/record-audit.ts'

export async function resetPassword(actor: Actor, userId: string, newPassword: string) {
  // Hash outside the transaction: argon2 is slow on purpose and must not hold a connection.
  const passwordHash = await hashPassword(newPassword)
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } })
    if (!user) throw notFound('User')
    await tx.authFailure.deleteMany({ where: { account: user.email } })
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } })
    await recordAudit(tx, { userId: actor.id, action: 'user.password.reset', entityType: 'User', entityId: userId })
    return { ok: true as const }
  })
}
