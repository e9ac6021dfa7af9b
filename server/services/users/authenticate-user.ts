// Checks an email + password pair; returns the active user or null (never says which part was wrong).
// An unknown or deactivated email still costs one argon2 verification, and counts towards the same
// throttle as a real account, so neither response times nor refusals tell an attacker which emails
// have accounts. Throws TooManyAttempts while the email or the client address is throttled.
import { db } from '../../db/client.ts'
import { hashPassword, verifyPassword } from '../../auth/password.ts'
import { accountKey } from './find-password-lockout.ts'
import { guardPasswordAttempt } from './guard-password-attempt.ts'

let dummyHash: Promise<string> | null = null

type User = NonNullable<Awaited<ReturnType<typeof db.user.findUnique>>>

/** `from.address`: the client address (server/lib/client-address.ts); `from.now` for tests' clocks. */
export async function authenticateUser(email: string, password: string, from: { address: string; now?: Date }): Promise<User | null> {
  const account = accountKey(email)
  let found: User | null = null
  await guardPasswordAttempt({ account, address: from.address }, from.now ?? new Date(), 'failed sign-ins', async () => {
    const user = await db.user.findUnique({ where: { email: account } })
    if (!user || !user.active) {
      await verifyPassword(await (dummyHash ??= hashPassword('rewardlab: no such account')), password)
      return false
    }
    if (!(await verifyPassword(user.passwordHash, password))) return false
    found = user
    return true
  })
  return found
}
