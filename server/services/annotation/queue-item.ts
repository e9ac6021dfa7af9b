// What the annotate page gets for one lease, and `nextItem`, the queue step every annotation
// operation ends with (shared module, not an operation). An item carries the pair's texts only:
// never its labels (other people's or AI judges') nor model names, which would bias the annotator.
import type { Choice } from '../../db/client.ts'
import { Prisma } from '../../db/client.ts'
import { expireLeases, leaseEnd, pickPairSql, UTC_NOW } from './queue.ts'
import { newRowId } from '../../lib/new-row-id.ts'

type Tx = Prisma.TransactionClient
export type QueueProject = { id: string; overlap: number }
export type PairView = { id: string; prompt: string; responseA: string; responseB: string }
export type Progress = { mine: number; project: { done: number; needed: number } }
/** The label an undo removed, so the form comes back filled in. */
export type PreviousLabel = { choice: Choice; confidence: number | null; rationale: string | null }
export type QueueItem =
  | { done: false; assignmentId: string; expiresAt: Date; pair: PairView; previous: PreviousLabel | null; progress: Progress }
  | { done: true; progress: Progress }

/**
 * The annotator's current item: their open lease if they have one (reload, second tab, undo),
 * else a newly claimed pair, else `done`. Call with the annotator's queue lock held.
 */
export async function nextItem(tx: Tx, userId: string, project: QueueProject): Promise<QueueItem> {
  const expiredFirst = expiryDue(project.id)
  if (expiredFirst) await expireLeases(tx, project.id)
  let row = await openOrClaim(tx, userId, project, false)
  if (!row) {
    // Before saying "finished": free abandoned leases, then look at every pair, waiting for locked ones.
    if (!expiredFirst) await expireLeases(tx, project.id)
    row = await openOrClaim(tx, userId, project, true)
  }
  if (!row) return { done: true, progress: await readProgress(tx, userId, project) }
  return toItem(tx, project, row, null)
}

/** One lease (any status) as an item, e.g. the one an undo reopened with its old answer. */
export async function readItem(tx: Tx, project: QueueProject, assignmentId: string, previous: PreviousLabel | null) {
  const [row] = await tx.$queryRaw<ItemRow[]>`
    WITH lease AS (SELECT * FROM "Assignment" WHERE id = ${assignmentId})
    ${ITEM_SQL}`
  return toItem(tx, project, row, previous)
}

/**
 * One statement: the annotator's newest unexpired OPEN lease; only when there is none, a pair is
 * picked (pickPairSql), its claimCount raised and a lease inserted. Returns that lease as an item.
 */
async function openOrClaim(tx: Tx, userId: string, project: QueueProject, thorough: boolean): Promise<ItemRow | null> {
  const rows = await tx.$queryRaw<ItemRow[]>`
    WITH open AS (
      SELECT * FROM "Assignment"
      WHERE "projectId" = ${project.id} AND "userId" = ${userId} AND status = 'OPEN' AND "expiresAt" > ${UTC_NOW}
      ORDER BY "assignedAt" DESC LIMIT 1
    ),
    pick AS (SELECT * FROM (${pickPairSql(userId, project.id, project.overlap, thorough)}) x WHERE NOT EXISTS (SELECT 1 FROM open)),
    bump AS (UPDATE "Pair" SET "claimCount" = "claimCount" + 1 FROM pick WHERE "Pair".id = pick.id RETURNING "Pair".id),
    claimed AS (
      INSERT INTO "Assignment" (id, "projectId", "pairId", "userId", status, "assignedAt", "expiresAt")
      SELECT ${newRowId()}, ${project.id}, bump.id, ${userId}, 'OPEN', ${UTC_NOW}, ${leaseEnd()} FROM bump
      RETURNING *
    ),
    lease AS (SELECT * FROM open UNION ALL SELECT * FROM claimed)
    ${ITEM_SQL}`
  return rows[0] ?? null
}

// Abandoned leases are expired lazily: on a claim at most every EXPIRY_EVERY_MS per project in this
// process, and always before the queue reports itself finished.
const EXPIRY_EVERY_MS = 15_000
const lastExpiry = new Map<string, number>()
function expiryDue(projectId: string) {
  const now = Date.now()
  if (now - (lastExpiry.get(projectId) ?? 0) < EXPIRY_EVERY_MS) return false
  lastExpiry.set(projectId, now)
  return true
}

type ItemRow = { assignmentId: string; expiresAt: Date; pairId: string; prompt: string; responseA: string; responseB: string; mine: number }

/**
 * Selects the lease in CTE `lease` with its pair's texts and the annotator's label count. The texts
 * are sub-selects rather than joins: statements are planned on every call (no prepared statements
 * through the driver adapter), and a five-table join costs more to plan than to run.
 */
const ITEM_SQL = Prisma.sql`
  SELECT a.id AS "assignmentId", a."expiresAt", p.id AS "pairId",
    (SELECT text FROM "Prompt" WHERE id = p."promptId") AS prompt,
    (SELECT text FROM "Response" WHERE id = p."responseAId") AS "responseA",
    (SELECT text FROM "Response" WHERE id = p."responseBId") AS "responseB",
    (SELECT count(*)::int FROM "Assignment" d
      WHERE d."projectId" = a."projectId" AND d."userId" = a."userId" AND d.status = 'DONE') AS mine
  FROM lease a JOIN "Pair" p ON p.id = a."pairId"`

async function toItem(tx: Tx, project: QueueProject, row: ItemRow, previous: PreviousLabel | null): Promise<QueueItem> {
  return {
    done: false,
    assignmentId: row.assignmentId,
    expiresAt: row.expiresAt,
    pair: { id: row.pairId, prompt: row.prompt, responseA: row.responseA, responseB: row.responseB },
    previous,
    progress: { mine: row.mine, project: await projectTotals(tx, project) },
  }
}

export async function readProgress(tx: Tx, userId: string, project: QueueProject): Promise<Progress> {
  const [{ mine }] = await tx.$queryRaw<{ mine: number }[]>`
    SELECT count(*)::int AS mine FROM "Assignment"
    WHERE "projectId" = ${project.id} AND "userId" = ${userId} AND status = 'DONE'`
  return { mine, project: await projectTotals(tx, project) }
}

// Project-wide totals cost a scan of the project's pairs and leases, too much for every label at
// hundreds of labels a second. They are recounted at most every TOTALS_TTL_MS per project in this
// process and kept current in between by countLabel(), so the bar moves with each label here;
// labels given through other processes show up within the TTL.
const TOTALS_TTL_MS = 5_000
const totals = new Map<string, { done: number; needed: number; at: number }>()

async function projectTotals(tx: Tx, project: QueueProject) {
  const cached = totals.get(project.id)
  if (cached && Date.now() - cached.at < TOTALS_TTL_MS) return { done: cached.done, needed: cached.needed }
  const [row] = await tx.$queryRaw<{ pairs: number; done: number }[]>`
    SELECT (SELECT count(*)::int FROM "Pair" WHERE "projectId" = ${project.id}) AS pairs,
      (SELECT count(*)::int FROM "Assignment" WHERE "projectId" = ${project.id} AND status = 'DONE') AS done`
  const fresh = { done: row.done, needed: row.pairs * project.overlap }
  totals.set(project.id, { ...fresh, at: Date.now() })
  return fresh
}

/**
 * Keeps the cached project total in step with a label (+1) or undo (-1). Called inside the
 * transaction before the item is read, so a recount in that same read (which sees the change)
 * replaces the bumped value instead of adding to it; a rollback leaves it off by one until the TTL.
 */
export function countLabel(projectId: string, delta: 1 | -1) {
  const t = totals.get(projectId)
  if (t) t.done = Math.max(0, t.done + delta)
}
