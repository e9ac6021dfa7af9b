// Brings one stored agreement snapshot (a project's dashboard aggregates for one source and
// includeExternal) up to date, off the request path: by the web process in the background when a
// reader finds it due (read-agreement-snapshot.ts), by the worker after an import or a judge run
// (warm-agreement-snapshots.ts), and on the request only for a key never computed before.
//
// Cheaper check first: the watermark (the project's label count, the sum of its label rows' xmin, its
// pair count and settings time) reads the project's labels once without grouping them (measured at
// 100k labels on a loaded machine: ~90 ms of SQL, ~175 ms for the whole check, against ~760 ms for
// the statement); only when it differs from the stored one does the statement run. xmin is the inserting or
// updating transaction, so a new label, a revision and an undo (count) all change it; freezing a row
// may change it too, which only costs one needless recompute. Not covered: a rater renamed without new
// labels (the names refresh with the next label).
//
// One refresh per project and key at a time across every process: a transaction-scoped advisory lock.
// Another process's refresh makes this one return null (or, with `wait`, wait and return its result).
// Why not a pg-boss job per refresh: a watched project with labels coming in refreshes every max age
// (5 s), i.e. ~720 Job rows an hour per project and option, each with its transitions, pg-boss
// message and reconciliation, for a ~10 ms check and at most one statement; the statement's cost is
// PostgreSQL's CPU, not the web process's, so running it from the web process in the background costs
// the requests nothing. The worker warms snapshots inside the jobs that change many labels.
import { db, type LabelSource, type Prisma } from '../../db/client.ts'
import type { Snapshot } from '../../lib/snapshot-cache.ts'
import { readAgreementAggregates, type AgreementAggregates } from './read-agreement-aggregates.ts'

export type SnapshotOptions = { source: LabelSource; includeExternal: boolean }
export type AgreementValue = { projectPairs: number; agg: AgreementAggregates }
export type AgreementSnapshot = Snapshot<AgreementValue>

/** The options a stored snapshot depends on (the activity window is not one: see the model). */
export const snapshotKey = (o: SnapshotOptions) => `${o.source}|${o.includeExternal}`
export function parseSnapshotKey(key: string): SnapshotOptions {
  const [source, external] = key.split('|')
  return { source: source as LabelSource, includeExternal: external === 'true' }
}

/** Days of activity the dashboard charts; the statement counts labels per day from this many days back. */
export const ACTIVITY_DAYS = 30
const DAY_MS = 86_400_000
export const activityWindowStart = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (ACTIVITY_DAYS - 1) * DAY_MS)

type Row = { value: Prisma.JsonValue; computedAt: Date; checkedAt: Date }
export const toSnapshot = (row: Row): AgreementSnapshot =>
  ({ value: row.value as unknown as AgreementValue, computedAt: row.computedAt.getTime(), checkedAt: row.checkedAt.getTime() })

type Watermark = { labels: number; versions: string; pairs: number; settingsAt: Date | null }

async function readWatermark(tx: Prisma.TransactionClient, projectId: string) {
  const [w] = await tx.$queryRaw<[Watermark]>`
    SELECT count(*)::int AS labels, coalesce(sum(l.xmin::text::bigint), 0)::text AS versions,
      (SELECT count(*)::int FROM "Pair" WHERE "projectId" = ${projectId}) AS pairs,
      (SELECT "updatedAt" FROM "Project" WHERE id = ${projectId}) AS "settingsAt"
    FROM "Label" l WHERE l."projectId" = ${projectId}`
  return { ...w, text: `${w.labels}/${w.versions}/${w.pairs}/${w.settingsAt?.toISOString() ?? '-'}` }
}

export type RefreshOptions = {
  /** Wait for another process's refresh of the same key instead of returning null. */
  wait: boolean
  /** A snapshot checked less than this long ago (by another process meanwhile) is returned as it is. */
  minCheckAgeMs: number
}

export async function refreshAgreementSnapshot(projectId: string, opts: SnapshotOptions, { wait, minCheckAgeMs }: RefreshOptions): Promise<AgreementSnapshot | null> {
  const key = snapshotKey(opts)
  const lock = `rewardlab:dashboard:${projectId}|${key}`
  return db.$transaction(async (tx) => {
    if (wait) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lock}))`
    } else {
      const [{ locked }] = await tx.$queryRaw<[{ locked: boolean }]>`SELECT pg_try_advisory_xact_lock(hashtext(${lock})) AS locked`
      if (!locked) return null
    }
    const row = await tx.dashboardSnapshot.findUnique({ where: { projectId_key: { projectId, key } } })
    if (row && Date.now() - row.checkedAt.getTime() < minCheckAgeMs) return toSnapshot(row)
    // Taken before the watermark is read: the numbers are current at least as of this time. Labels
    // that land between the watermark and the statement are counted but not in the watermark, so the
    // next check recomputes (never the other way round).
    const checkedAt = new Date()
    const mark = await readWatermark(tx, projectId)
    if (row && row.watermark === mark.text) {
      await tx.dashboardSnapshot.update({ where: { id: row.id }, data: { checkedAt } })
      return toSnapshot({ ...row, checkedAt })
    }
    const agg = await readAgreementAggregates(projectId, { ...opts, since: activityWindowStart(checkedAt) }, tx)
    const value = { projectPairs: mark.pairs, agg } satisfies AgreementValue as unknown as Prisma.InputJsonValue
    const data = { value, watermark: mark.text, labelCount: mark.labels, computedAt: checkedAt, checkedAt }
    const saved = await tx.dashboardSnapshot.upsert({ where: { projectId_key: { projectId, key } }, create: { projectId, key, ...data }, update: data })
    return toSnapshot(saved)
  // The timeout: far beyond the statement on a loaded machine (seconds), a bound on a pathological plan.
  }, { maxWait: 30_000, timeout: 15 * 60_000 })
}
