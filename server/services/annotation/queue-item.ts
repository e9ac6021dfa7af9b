// What the annotate page gets for one lease, and `nextItem`, the queue step every annotation
// operation ends with (shared module, not an operation). An item carries the pair's texts only:
// never its labels (other people's or AI judges') nor model names, which would bias the annotator.
import type { Choice, DbOrTx } from '../../db/client.ts'
import { db, Prisma } from '../../db/client.ts'
import { leaseMinutes } from './queue.ts'
import { newRowId } from '../../lib/new-row-id.ts'
import { countExpectedShare, countFilledSlots } from './overlap-progress.ts'

type Tx = Prisma.TransactionClient
/** What the queue's SQL takes of a project, passed by the caller, which has read it already. */
export type QueueProject = { id: string; overlap: number; goldRate: number }
/** What progress needs of it. */
export type ProgressProject = Pick<QueueProject, 'id' | 'overlap'>
export type PairView = { id: string; prompt: string; responseA: string; responseB: string }
/** mine of share: the annotator's labels against their expected share (overlap-progress.ts); the
 *  project's filled overlap slots (imported human labels included when they count) of pairs × overlap. */
export type Progress = { mine: number; share: number; project: { done: number; needed: number } }
/** The label an undo removed, so the form comes back filled in. */
export type PreviousLabel = { choice: Choice; confidence: number | null; rationale: string | null }
export type QueueItem =
  | { done: false; assignmentId: string; expiresAt: Date; pair: PairView; previous: PreviousLabel | null; progress: Progress }
  | { done: true; progress: Progress }

/** A lease as rl_item() returns it (JSON: the timestamp is UTC without a zone). */
export type ItemJson = { assignmentId: string; expiresAt: string; pairId: string; prompt: string; responseA: string; responseB: string }

/** The arguments rl_next_item() takes after (user, project, overlap, gold rate): lease length, expiry due, new lease id. */
export function nextItemArgs(projectId: string): [number, boolean, string] {
  return [leaseMinutes(), expiryDue(projectId), newRowId()]
}

/**
 * The annotator's current item: their open lease if they have one (reload, second tab, undo),
 * else a newly claimed pair, else `done` (rl_next_item). Call with the annotator's queue lock held.
 */
export async function nextItem(tx: Tx, userId: string, project: QueueProject, exactProgress = false): Promise<QueueItem> {
  const [minutes, expire, newId] = nextItemArgs(project.id)
  const [{ item }] = await tx.$queryRaw<{ item: ItemJson | null }[]>`
    SELECT rl_next_item(${userId}, ${project.id}, ${project.overlap}::int, ${project.goldRate}::float8, ${minutes}::float8, ${expire}, ${newId}) AS item`
  return toQueueItem(tx, userId, project, item, null, exactProgress)
}

/** One lease (any status) as an item, e.g. the one an undo reopened with its old answer. */
export async function readItem(tx: Tx, userId: string, project: ProgressProject, assignmentId: string, previous: PreviousLabel | null) {
  const [{ item }] = await tx.$queryRaw<{ item: ItemJson | null }[]>`SELECT rl_item(${assignmentId}) AS item`
  return toQueueItem(tx, userId, project, item, previous)
}

/** Turns the functions' JSON (or null: the queue is finished) into the page's item with progress. */
export async function toQueueItem(client: DbOrTx, userId: string, project: ProgressProject, row: ItemJson | null, previous: PreviousLabel | null, exactProgress = false): Promise<QueueItem> {
  if (!row) return { done: true, progress: await readProgress(client, userId, project) }
  const progress = exactProgress
    ? await readProgress(client, userId, project)
    : { mine: await annotatorDone(client, userId, project.id), ...(await projectTotals(client, project)) }
  return {
    done: false,
    assignmentId: row.assignmentId,
    expiresAt: new Date(`${row.expiresAt}Z`),
    pair: { id: row.pairId, prompt: row.prompt, responseA: row.responseA, responseB: row.responseB },
    previous,
    progress,
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

/**
 * Exact counts, written back to the caches. For the first item of a visit (page load, reload) and
 * the finished queue: the web app may run more than one copy of this module (the Next.js bundle
 * renders the page, the API listener answers the labels), so a cache alone can be a visit stale.
 */
export async function readProgress(client: DbOrTx, userId: string, project: ProgressProject): Promise<Progress> {
  const at = Date.now()
  const fresh = (value: number) => ({ value, at, refreshing: false })
  const [mine, pairs, done, share] = await Promise.all([
    countMine(client, project.id, userId), countPairs(client, project.id), countFilledSlots(client, project.id), countExpectedShare(client, project.id),
  ])
  mineDone.set(`${project.id}:${userId}`, fresh(mine))
  projectPairs.set(project.id, fresh(pairs))
  projectDone.set(project.id, fresh(done))
  projectShare.set(project.id, fresh(share))
  return { mine, share, project: { done, needed: pairs * project.overlap } }
}

// Counts shown beside every item (the annotator's labels, the project's pairs and labels) cost
// scans that grow with the project and with every label given, too much per label at hundreds of
// labels a second (measured: the annotator's count alone was the biggest part of a label's database
// time after a few hundred labels). So they are cached per process: kept current by countLabel(),
// recounted in the background when older than TTL_MS (the request gets the cached value at once,
// and one recount runs however many requests arrive: no burst of scans every TTL). Labels given
// through another process show up within the TTL.
const TTL_MS = 5_000
type Cached = { value: number; at: number; refreshing: boolean }
const mineDone = new Map<string, Cached>()
const projectDone = new Map<string, Cached>()
const projectPairs = new Map<string, Cached>()
const projectShare = new Map<string, Cached>()

async function cachedCount(cache: Map<string, Cached>, key: string, client: DbOrTx, count: (c: DbOrTx) => Promise<number>) {
  const hit = cache.get(key)
  if (!hit) {
    const value = await count(client)
    cache.set(key, { value, at: Date.now(), refreshing: false })
    return value
  }
  if (Date.now() - hit.at >= TTL_MS && !hit.refreshing) {
    hit.refreshing = true
    // Not the caller's transaction: it may have ended by the time this runs.
    count(db).then((value) => cache.set(key, { value, at: Date.now(), refreshing: false }), () => { hit.refreshing = false })
  }
  return hit.value
}

const countMine = async (c: DbOrTx, projectId: string, userId: string) => (await c.$queryRaw<{ n: number }[]>`
  SELECT count(*)::int AS n FROM "Assignment" WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND status = 'DONE'`)[0].n

function annotatorDone(client: DbOrTx, userId: string, projectId: string) {
  return cachedCount(mineDone, `${projectId}:${userId}`, client, (c) => countMine(c, projectId, userId))
}

const countPairs = async (c: DbOrTx, projectId: string) => (await c.$queryRaw<{ n: number }[]>`
  SELECT count(*)::int AS n FROM "Pair" WHERE "projectId" = ${projectId}`)[0].n

async function projectTotals(client: DbOrTx, project: ProgressProject) {
  const [pairs, done, share] = await Promise.all([
    cachedCount(projectPairs, project.id, client, (c) => countPairs(c, project.id)),
    cachedCount(projectDone, project.id, client, (c) => countFilledSlots(c, project.id)),
    cachedCount(projectShare, project.id, client, (c) => countExpectedShare(c, project.id)),
  ])
  return { share, project: { done, needed: pairs * project.overlap } }
}

/**
 * Keeps the cached counts (the project's and this annotator's) in step with a label (+1) or undo
 * (-1). A recount that was already running may replace a bump with a count from just before it,
 * off by one until the next recount: a progress bar, not a ledger.
 */
export function countLabel(projectId: string, userId: string, delta: 1 | -1) {
  for (const [cache, key] of [[projectDone, projectId], [mineDone, `${projectId}:${userId}`]] as const) {
    const hit = cache.get(key)
    if (hit) hit.value = Math.max(0, hit.value + delta)
  }
}
