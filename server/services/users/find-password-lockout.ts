// Throttling of password guesses: at most N failed password checks (sign-in or password change)
// per account and per client address in a sliding window, like GitLab's default lock (10 failures).
// Failures live in PostgreSQL ("AuthFailure"), so every web process counts the same ones. This is
// the read: whether a key may try now, and if not for how long.
import { db } from '../../db/client.ts'

/** Limits from the environment (README): REWARDLAB_SIGNIN_MAX_FAILURES, REWARDLAB_SIGNIN_WINDOW_MINUTES. */
export function passwordThrottle() {
  const max = Number(process.env.REWARDLAB_SIGNIN_MAX_FAILURES ?? 10)
  const minutes = Number(process.env.REWARDLAB_SIGNIN_WINDOW_MINUTES ?? 15)
  return { maxFailures: Math.max(1, max || 10), windowMs: Math.max(1, minutes || 15) * 60_000 }
}

/** Whose guesses count together: the lower-cased email tried (known or not) and the client address. */
export type AttemptKey = { account: string; address: string }

export const accountKey = (email: string) => email.trim().toLowerCase()

/**
 * Seconds until this account and this address may try a password again, or null when both may now.
 * `exceptId` leaves out the caller's own just-reserved attempt (guard-password-attempt.ts).
 */
export async function findPasswordLockout(key: AttemptKey, now = new Date(), exceptId = BigInt(-1)): Promise<number | null> {
  const { maxFailures, windowMs } = passwordThrottle()
  const since = new Date(now.getTime() - windowMs)
  // The maxFailures-th most recent failure in the window, per key: while it exists the key is at
  // its limit, and it leaves the window (freeing one try) at its time + the window. Two index
  // range scans ("account", "at") and ("address", "at"), one round trip.
  const [row] = await db.$queryRaw<{ blockedFrom: Date | null }[]>`
    SELECT GREATEST(
      (SELECT "at" FROM "AuthFailure" WHERE "account" = ${key.account} AND "at" > ${since} AND "id" <> ${exceptId}
        ORDER BY "at" DESC OFFSET ${maxFailures - 1} LIMIT 1),
      (SELECT "at" FROM "AuthFailure" WHERE "address" = ${key.address} AND "at" > ${since} AND "id" <> ${exceptId}
        ORDER BY "at" DESC OFFSET ${maxFailures - 1} LIMIT 1)
    ) AS "blockedFrom"`
  if (!row?.blockedFrom) return null
  return Math.max(1, Math.ceil((row.blockedFrom.getTime() + windowMs - now.getTime()) / 1000))
}
