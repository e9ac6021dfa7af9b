// Any signed-in user changes their own password; the current one must be given (a left-open
// session alone is not enough to take over the account), and wrong guesses count towards the same
// throttle as sign-ins of that account. A change ends every session of the user, this one too
// (GitLab asks to sign in again after a change): a stolen session must not outlive the password.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { hashPassword, verifyPassword } from '../../auth/password.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { accountKey } from './find-password-lockout.ts'
import { guardPasswordAttempt } from './guard-password-attempt.ts'

/** `from.address`: the client address (the API context's); `from.now` for tests' clocks. */
export async function changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string, from: { address: string; now?: Date }) {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } })
  if (!user) throw notFound('User')
  const key = { account: accountKey(actor.email), address: from.address }
  const right = await guardPasswordAttempt(key, from.now ?? new Date(), 'wrong passwords', () => verifyPassword(user.passwordHash, currentPassword))
  if (!right) throw badRequest('The current password is wrong')
  if (currentPassword === newPassword) throw badRequest('The new password is the same as the current one')
  const passwordHash = await hashPassword(newPassword)
  return db.$transaction(async (tx) => {
    // Only if the hash is still the one we verified: a concurrent reset by an admin wins.
    const { count } = await tx.user.updateMany({
      where: { id: actor.id, passwordHash: user.passwordHash },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    })
    if (count === 0) throw badRequest('Your password was changed meanwhile; sign in again')
    await recordAudit(tx, { userId: actor.id, action: 'user.password.change', entityType: 'User', entityId: actor.id })
    return { ok: true as const }
  })
}
