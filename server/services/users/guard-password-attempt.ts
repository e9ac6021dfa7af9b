// Runs one password check under the throttle (find-password-lockout.ts). The attempt is stored as a
// failure BEFORE the check and counted with the others, so a burst of parallel guesses cannot all
// pass the count while the slow argon2 checks run: of any number of concurrent attempts at most
// the limit get through. A success then deletes the account's failures (as GitLab's lock resets on
// a good sign-in) but not the address's failures for other accounts.
import { db } from '../../db/client.ts'
import { TooManyAttempts } from '../../lib/errors.ts'
import { findPasswordLockout, passwordThrottle, type AttemptKey } from './find-password-lockout.ts'

/**
 * `check` verifies the password (argon2); its result is returned. Throws TooManyAttempts, without
 * running `check`, when the account or the address is at its limit. `what` names the attempts in
 * the message ("failed sign-ins").
 */
export async function guardPasswordAttempt(key: AttemptKey, now: Date, what: string, check: () => Promise<boolean>): Promise<boolean> {
  const { id } = await db.authFailure.create({ data: { account: key.account, address: key.address, at: now }, select: { id: true } })
  const wait = await findPasswordLockout(key, now, id)
  if (wait !== null) {
    // A refused attempt is not a guess: it does not push the lock further out.
    await db.authFailure.delete({ where: { id } })
    throw new TooManyAttempts(wait, what)
  }
  let ok = false
  try {
    ok = await check()
  } finally {
    if (ok) await db.authFailure.deleteMany({ where: { account: key.account } })
    // The reservation stays as the failure; failures older than the window count for nothing.
    else await db.authFailure.deleteMany({ where: { at: { lt: new Date(now.getTime() - passwordThrottle().windowMs) } } })
  }
  return ok
}
