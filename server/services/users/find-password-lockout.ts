// Throttling of password guesses: at most N failed password checks (sign-in or password change)
// per account and per client address in a sliding window, like GitLab's default lock (10 failures).
// Failures live in PostgreSQL ("AuthFailure"), so every web process counts the same ones. This is
// the read: whether a key may try now, and if not for how long.
import { db } from '../../db/client.ts'

/**
 * Limits from the environment (README): REWARDLAB_SIGNIN_MAX_FAILURES per account,
 * REWARDLAB_SIGNIN_MAX_FAILURES_PER_ADDRESS per client address (a lab behind one NAT shares one
 * address, so it may need more), REWARDLAB_SIGNIN_WINDOW_MINUTES.
 */
export function passwordThrottle() {
  const count = (v: string | undefined, d: number) => Math.max(1, Math.floor(Number(v ?? d)) || d)
  const perAccount = count(process.env.REWARDLAB_SIGNIN_MAX_FAILURES, 10)
  return {
    perAccount,
    perAddress: count(process.env.REWARDLAB_SIGNIN_MAX_FAILURES_PER_ADDRESS, perAccount),
    windowMs: count(process.env.REWARDLAB_SIGNIN_WINDOW_MINUTES, 15) * 60_000,
  }
}

/** Whose guesses count together: the lower-cased email tried (known or not) and the client address. */
export type AttemptKey = { account: string; address: string }

export const accountKey = (email: string) => email.trim().toLowerCase()

/**
 * Seconds until this account and this address may try a password again, or null when both may now.
 * `exceptId` leaves out the caller's own just-reserved attempt (guard-password-attempt.ts).
 */
export async function findPasswordLockout(key: AttemptKey, now = new Date(), exceptId = BigInt(-1)): Promise<number | null> {
  const { perAccount, perAddress, windowMs } = passwordThrottle()
  const since = new Date(now.getTime() - windowMs)
  // The limit-th most recent failure in the window, per key: while it exists the key is at
  // its limit, and it leaves the window (freeing one try) at its time + the window. Two index
  // range scans ("account", "at") and ("address", "at"), one round trip.
  const [row] = await db.$queryRaw<{ blockedFrom: Date | null }[]>`
    SELECT GREATEST(
      (SELECT "at" FROM "AuthFailure" WHERE "account" = ${key.account} AND "at" > ${since} AND "id" <> ${exceptId}
        ORDER BY "at" DESC OFFSET ${perAccount - 1} LIMIT 1),
      (SELECT "at" FROM "AuthFailure" WHERE "address" = ${key.address} AND "at" > ${since} AND "id" <> ${exceptId}
        ORDER BY "at" DESC OFFSET ${perAddress - 1} LIMIT 1)
    ) AS "blockedFrom"`
  if (!row?.blockedFrom) return null
  return Math.max(1, Math.ceil((row.blockedFrom.getTime() + windowMs - now.getTime()) / 1000))
}
