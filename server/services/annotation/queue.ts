// The annotation queue's locking and lease bookkeeping, shared by the operations in this folder
// (not an operation itself). An Assignment row is a lease on a pair; Pair.claimCount (OPEN + DONE
// leases) lets the queue find a pair that still needs annotators with an index scan instead of
// counting. Each function is one small indexed statement; operations run them in one transaction.
import { Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { forbidden, notFound, ServiceError } from '../../lib/errors.ts'

type Tx = Prisma.TransactionClient

/** A lease labelled already: the second tab's submit, a double press. The UI loads the next item. */
export const alreadyLabelled = () => new ServiceError('CONFLICT', 'You have already labelled this pair (perhaps in another tab)')

/** Lease length: REWARDLAB_LEASE_MINUTES (default 30), long enough to read a long transcript. */
export function leaseMinutes(): number {
  const v = Number(process.env.REWARDLAB_LEASE_MINUTES ?? 30)
  return Number.isFinite(v) && v > 0 ? v : 30
}

// Prisma stores DateTime as UTC in "timestamp without time zone": compare with UTC wall time,
// whatever the session's TimeZone.
export const UTC_NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`
export const leaseEnd = () => Prisma.sql`${UTC_NOW} + ${leaseMinutes()}::float8 * interval '1 minute'`

/**
 * Serialises one annotator's queue operations (two tabs, double presses) until the transaction
 * ends, so a person never holds two fresh leases nor labels a lease twice. Every operation takes
 * it first, before any row lock, so the operations cannot deadlock each other.
 */
const annotatorLock = (userId: string) => Prisma.sql`pg_advisory_xact_lock(hashtext(${`rewardlab:annotate:${userId}`}))`

export async function lockAnnotator(tx: Tx, userId: string) {
  await tx.$executeRaw`SELECT ${annotatorLock(userId)}`
}

export type LockedLease = { id: string; projectId: string; pairId: string; status: string; project: { id: string; overlap: number } }

/**
 * Takes the annotator lock, then the actor's lease (row-locked against a concurrent expiry) with its
 * project, in one statement: the lock is an uncorrelated sub-select, which PostgreSQL runs once
 * before the scan (a one-time filter), and FOR UPDATE returns the row as the previous holder of
 * the lock committed it, so a second tab sees DONE.
 * Someone else's lease is NOT_FOUND. Access is assertProjectAccess's rule (staff, or a member of
 * the project: being removed ends one's leases), checked here because submit and skip run
 * hundreds of times a second and every extra query costs.
 */
export async function lockLease(tx: Tx, actor: Actor, assignmentId: string): Promise<LockedLease> {
  const [row] = await tx.$queryRaw<{ id: string; projectId: string; pairId: string; userId: string; status: string; overlap: number; member: boolean }[]>`
    SELECT a.id, a."projectId", a."pairId", a."userId", a.status::text AS status, p.overlap,
      EXISTS (SELECT 1 FROM "ProjectMember" m WHERE m."projectId" = a."projectId" AND m."userId" = a."userId") AS member
    FROM "Assignment" a JOIN "Project" p ON p.id = a."projectId"
    WHERE a.id = ${assignmentId} AND (SELECT ${annotatorLock(actor.id)}::text) IS NOT NULL
    FOR UPDATE OF a`
  if (!row || row.userId !== actor.id) throw notFound('Assignment')
  if (!row.member && !isStaff(actor)) throw forbidden('You are not assigned to this project')
  return { id: row.id, projectId: row.projectId, pairId: row.pairId, status: row.status, project: { id: row.projectId, overlap: row.overlap } }
}

// At most one session expires a project's leases at a time (a try-lock: the others go on without
// waiting), so two expiries never lock the same pairs in opposite orders.
export async function expireLeases(tx: Tx, projectId: string): Promise<number> {
  const [{ ok }] = await tx.$queryRaw<{ ok: boolean }[]>`
    SELECT pg_try_advisory_xact_lock(hashtext(${`rewardlab:expire:${projectId}`})) AS ok`
  if (!ok) return 0
  return tx.$executeRaw`
    WITH stale AS (
      SELECT id FROM "Assignment"
      WHERE status = 'OPEN' AND "expiresAt" < ${UTC_NOW} AND "projectId" = ${projectId}
      FOR UPDATE SKIP LOCKED
    ), expired AS (
      UPDATE "Assignment" a SET status = 'EXPIRED' FROM stale WHERE a.id = stale.id RETURNING a."pairId"
    )
    UPDATE "Pair" p SET "claimCount" = p."claimCount" - c.n
    FROM (SELECT "pairId", count(*)::int AS n FROM expired GROUP BY "pairId") c
    WHERE p.id = c."pairId"`
}

// How many queue-ordered pairs per claim level the fast path looks at. Bounds the work when one
// annotator is far ahead of the others (their own half-done pairs lead every level).
const FAST_CANDIDATES = 64

/**
 * SQL that locks the next pair this annotator may take (0 or 1 row: id). Pairs closest to
 * `overlap` come first, then import order, so started pairs reach their N annotators before fresh
 * ones are opened: complete pairs are what agreement and training can use.
 * Fast: per level, walk the (projectId, claimCount, ordinal) index, skipping rows another session
 * is claiming. Thorough (when the fast one finds nothing): all levels at once, waiting for locked
 * rows instead of skipping them, so "finished" is never said while a pair has room for this person.
 */
export function pickPairSql(userId: string, projectId: string, overlap: number, thorough: boolean) {
  const notMine = Prisma.sql`NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = p.id AND a."userId" = ${userId})`
  if (thorough) {
    return Prisma.sql`
      SELECT p.id FROM "Pair" p
      WHERE p."projectId" = ${projectId} AND p."claimCount" < ${overlap} AND ${notMine}
      ORDER BY p."claimCount" DESC, p.ordinal LIMIT 1
      FOR NO KEY UPDATE OF p`
  }
  return Prisma.sql`
    SELECT c.id FROM generate_series(${overlap - 1}::int, 0, -1) AS lvl(n)
    CROSS JOIN LATERAL (
      SELECT p.id FROM (
        SELECT id, ordinal FROM "Pair" WHERE "projectId" = ${projectId} AND "claimCount" = lvl.n
        ORDER BY ordinal LIMIT ${FAST_CANDIDATES}
      ) cand JOIN "Pair" p ON p.id = cand.id
      WHERE p."claimCount" < ${overlap} AND ${notMine}
      ORDER BY cand.ordinal LIMIT 1
      FOR NO KEY UPDATE OF p SKIP LOCKED
    ) c LIMIT 1`
}

/** Puts a DONE lease back to OPEN with a fresh expiry (undo); it stays counted in claimCount. */
export async function reopenLease(tx: Tx, assignmentId: string) {
  await tx.$executeRaw`
    UPDATE "Assignment" SET status = 'OPEN', "doneAt" = NULL, "assignedAt" = ${UTC_NOW}, "expiresAt" = ${leaseEnd()}
    WHERE id = ${assignmentId}`
}

/** Takes a slot on the pair again (an expired lease submitted after all); false when it is full. */
export async function reclaimSlot(tx: Tx, pairId: string, overlap: number): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Pair" SET "claimCount" = "claimCount" + 1 WHERE id = ${pairId} AND "claimCount" < ${overlap}`
  return n === 1
}

/** Gives the pair's slot back (a skipped lease). */
export async function releaseSlot(tx: Tx, pairId: string) {
  await tx.$executeRaw`UPDATE "Pair" SET "claimCount" = "claimCount" - 1 WHERE id = ${pairId} AND "claimCount" > 0`
}
