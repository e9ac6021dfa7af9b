// What the annotate page gets for one lease, and `nextItem`, the queue step every annotation
// operation ends with (shared module, not an operation). An item carries the pair's texts only:
// never its labels (other people's or AI judges') nor model names, which would bias the annotator.
import type { Choice, DbOrTx } from '../../db/client.ts'
import { Prisma } from '../../db/client.ts'
import { leaseMinutes } from './queue.ts'
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

/** A lease as rl_item() returns it (JSON: the timestamp is UTC without a zone). */
export type ItemJson = { assignmentId: string; expiresAt: string; pairId: string; prompt: string; responseA: string; responseB: string; mine: number }

/** The arguments rl_next_item() takes after (user, project, overlap): lease length, expiry due, new lease id. */
export function nextItemArgs(projectId: string): [number, boolean, string] {
  return [leaseMinutes(), expiryDue(projectId), newRowId()]
}

/**
 * The annotator's current item: their open lease if they have one (reload, second tab, undo),
 * else a newly claimed pair, else `done` (rl_next_item). Call with the annotator's queue lock held.
 */
export async function nextItem(tx: Tx, userId: string, project: QueueProject): Promise<QueueItem> {
  const [minutes, expire, newId] = nextItemArgs(project.id)
  const [{ item }] = await tx.$queryRaw<{ item: ItemJson | null }[]>`
    SELECT rl_next_item(${userId}, ${project.id}, ${project.overlap}::int, ${minutes}::float8, ${expire}, ${newId}) AS item`
  return toQueueItem(tx, userId, project, item, null)
}

/** One lease (any status) as an item, e.g. the one an undo reopened with its old answer. */
export async function readItem(tx: Tx, userId: string, project: QueueProject, assignmentId: string, previous: PreviousLabel | null) {
  const [{ item }] = await tx.$queryRaw<{ item: ItemJson | null }[]>`SELECT rl_item(${assignmentId}) AS item`
  return toQueueItem(tx, userId, project, item, previous)
}

/** Turns the functions' JSON (or null: the queue is finished) into the page's item with progress. */
export async function toQueueItem(client: DbOrTx, userId: string, project: QueueProject, row: ItemJson | null, previous: PreviousLabel | null): Promise<QueueItem> {
  if (!row) return { done: true, progress: await readProgress(client, userId, project) }
  return {
    done: false,
    assignmentId: row.assignmentId,
    expiresAt: new Date(`${row.expiresAt}Z`),
    pair: { id: row.pairId, prompt: row.prompt, responseA: row.responseA, responseB: row.responseB },
    previous,
    progress: { mine: Number(row.mine), project: await projectTotals(client, project) },
  }
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

export async function readProgress(client: DbOrTx, userId: string, project: QueueProject): Promise<Progress> {
  const [{ mine }] = await client.$queryRaw<{ mine: number }[]>`
    SELECT count(*)::int AS mine FROM "Assignment"
    WHERE "projectId" = ${project.id} AND "userId" = ${userId} AND status = 'DONE'`
  return { mine, project: await projectTotals(client, project) }
}

// Project-wide totals cost a scan of the project's pairs and leases, too much for every label at
// hundreds of labels a second. They are recounted at most every TOTALS_TTL_MS per project in this
// process and kept current in between by countLabel(), so the bar moves with each label here;
// labels given through other processes show up within the TTL.
const TOTALS_TTL_MS = 5_000
const totals = new Map<string, { done: number; needed: number; at: number }>()

async function projectTotals(client: DbOrTx, project: QueueProject) {
  const cached = totals.get(project.id)
  if (cached && Date.now() - cached.at < TOTALS_TTL_MS) return { done: cached.done, needed: cached.needed }
  const [row] = await client.$queryRaw<{ pairs: number; done: number }[]>`
    SELECT (SELECT count(*)::int FROM "Pair" WHERE "projectId" = ${project.id}) AS pairs,
      (SELECT count(*)::int FROM "Assignment" WHERE "projectId" = ${project.id} AND status = 'DONE') AS done`
  const fresh = { done: row.done, needed: row.pairs * project.overlap }
  totals.set(project.id, { ...fresh, at: Date.now() })
  return fresh
}

/**
 * Keeps the cached project total in step with a label (+1) or undo (-1). Called before the item is
 * read, so a recount in that same read (which sees the change) replaces the bumped value instead of
 * adding to it; a rollback leaves it off by one until the TTL.
 */
export function countLabel(projectId: string, delta: 1 | -1) {
  const t = totals.get(projectId)
  if (t) t.done = Math.max(0, t.done + delta)
}
