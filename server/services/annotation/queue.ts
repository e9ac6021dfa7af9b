// The annotation queue's locking and lease bookkeeping, shared by the operations in this folder
// (not an operation itself). An Assignment row is a lease on a pair; Pair.claimCount (OPEN + DONE
// leases, plus imported human labels when the project counts them: data.prisma) lets the queue find
// a pair that still needs annotators with an index scan instead of counting. The steps that run on every label live in PL/pgSQL (migration
// 20261123190000_annotation_queue_functions: rl_lock_lease, rl_next_item, rl_submit_label), so a
// label is one round trip; this module calls them and maps their errors.
import { Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { forbidden, notFound, ServiceError } from '../../lib/errors.ts'
import type { QueueProject } from './queue-item.ts'

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

/** Serialises one annotator's queue operations until the transaction ends (see rl_lock_lease). */
export async function lockAnnotator(tx: Tx, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`rewardlab:annotate:${userId}`}))`
}

export type LockedLease = { id: string; projectId: string; pairId: string; status: string; project: QueueProject }

/** The queue lock, then the actor's lease row-locked, with its project (rl_lock_lease): its overlap and gold rate, which the next claim takes. */
export async function lockLease(tx: Tx, actor: Actor, assignmentId: string): Promise<LockedLease> {
  const [row] = await queueCall(() => tx.$queryRaw<{ id: string; projectId: string; pairId: string; status: string; overlap: number; goldRate: number }[]>`
    SELECT * FROM rl_lock_lease(${actor.id}, ${isStaff(actor)}, ${assignmentId})`)
  return { ...row, project: { id: row.projectId, overlap: row.overlap, goldRate: row.goldRate } }
}

/**
 * Runs a call to one of the queue functions and turns their SQLSTATEs into ServiceErrors: RL404
 * not found, RL403 forbidden, RL409 conflict (the message is the function's).
 */
export async function queueCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    const { code, message } = sqlError(e)
    if (code === 'RL404') throw notFound('Assignment')
    if (code === 'RL403') throw forbidden(message)
    if (code === 'RL409') throw new ServiceError('CONFLICT', message)
    throw e
  }
}

// node-postgres puts SQLSTATE on the error; Prisma's raw queries wrap it (meta.code / the message).
function sqlError(e: unknown): { code?: string; message: string } {
  const err = e as { code?: string; message?: string; meta?: { code?: string; message?: string } }
  const msg = err.meta?.message ?? err.message ?? ''
  if (err.code?.startsWith('RL')) return { code: err.code, message: err.message ?? '' }
  if (err.meta?.code?.startsWith('RL')) return { code: err.meta.code, message: msg }
  const m = /\b(RL4\d\d)\b/.exec(msg)
  return { code: m?.[1], message: msg.replace(/^.*?ERROR:\s*/s, '').trim() }
}

/** Puts a DONE lease back to OPEN with a fresh expiry (undo); it stays counted in claimCount. */
export async function reopenLease(tx: Tx, assignmentId: string) {
  await tx.$executeRaw`
    UPDATE "Assignment" SET status = 'OPEN', "doneAt" = NULL, "assignedAt" = ${UTC_NOW}, "expiresAt" = ${leaseEnd()}
    WHERE id = ${assignmentId}`
}

/** Gives the pair's slot back (a skipped lease). */
export async function releaseSlot(tx: Tx, pairId: string) {
  await tx.$executeRaw`UPDATE "Pair" SET "claimCount" = "claimCount" - 1 WHERE id = ${pairId} AND "claimCount" > 0`
}
