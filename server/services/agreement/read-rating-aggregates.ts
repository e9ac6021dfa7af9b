// The agreement statistics' sufficient statistics for one label source of a project, computed by
// PostgreSQL in ONE statement: per pair the votes per category, then sums over pairs (Fleiss κ,
// Krippendorff α, item agreement), per rater (labels, shares, leave-one-out majority, pace) and per
// rater pair (Cohen κ's confusion cells). Raw SQL on purpose (CODE_STYLE rule 11): loading 100k
// labels through Prisma and summarising them in JavaScript took ~1 s of the web process's event loop
// per dashboard read and slowed every annotator's labels (docs/benchmarks.md, "Dashboards while
// labelling"); the aggregates answer in a fraction of that and leave the event loop free.
// summarise-ratings.ts turns these into the dashboard's numbers with stats.ts's formulas.
import { db, Prisma, type LabelSource } from '../../db/client.ts'
import type { Category } from './stats.ts'

export type RaterAggregate = {
  raterKey: string
  /** The user's current name, else the stored raterName, else the key's id part. */
  name: string
  labels: number
  counts: Record<Category, number>
  /** Leave-one-out: pairs where the other raters have a strict plurality, and those agreeing with it. */
  majorityN: number
  majorityAgree: number
  /** Median gap between consecutive labels, breaks (> 30 min) left out; platform users only. */
  medianGapSeconds: number | null
}

export type RatingAggregates = {
  labelledPairs: number
  pairsWith2plus: number
  ratings: number
  distribution: Record<Category, number>
  pairable: { items: number; ratings: number; sumAgreement: number; sumCoincidence: number; totals: Record<Category, number> }
  itemAgreement: { share: number; pairs: number }[]
  raters: RaterAggregate[]
  /** raterX < raterY in code-unit order (COLLATE "C"), one row per (choiceX, choiceY) cell. */
  cohenCells: { raterX: string; raterY: string; cx: Category; cy: Category; n: number }[]
}

/** A gap longer than this is a break, not the time one label took (the dashboard says so). */
export const MAX_LABEL_GAP_S = 30 * 60

/** The label rows the dashboard reads: one project, optionally without dataset annotators. */
export const projectLabels = (projectId: string, includeExternal: boolean) => Prisma.sql`
  SELECT l."pairId", l."raterKey", l.choice, l.source, l."createdAt", l."raterName", l."userId"
  FROM "Label" l JOIN "Pair" p ON p.id = l."pairId"
  WHERE p."projectId" = ${projectId} AND (${includeExternal} OR l."raterKey" NOT LIKE 'ext:%')`

export async function readRatingAggregates(projectId: string, source: LabelSource, includeExternal: boolean): Promise<RatingAggregates> {
  const [row] = await db.$queryRaw<[{ totals: Omit<RatingAggregates, 'itemAgreement' | 'raters' | 'cohenCells'>; hist: RatingAggregates['itemAgreement'] | null; raters: RaterAggregate[] | null; cells: RatingAggregates['cohenCells'] | null }]>`
    WITH lab AS MATERIALIZED (
      SELECT * FROM (${projectLabels(projectId, includeExternal)}) x WHERE x.source = ${source}::"LabelSource"
    ), item AS MATERIALIZED (
      SELECT "pairId", count(*) FILTER (WHERE choice = 'A') AS a, count(*) FILTER (WHERE choice = 'B') AS b,
        count(*) FILTER (WHERE choice = 'TIE') AS t, count(*) AS n
      FROM lab GROUP BY "pairId"
    ), rater AS (
      -- Leave-one-out majority: the pair's votes less the rater's own, through the same strict
      -- plurality as the human reference (minimum 1: any other rater may form it).
      SELECT lab."raterKey", count(*) AS labels,
        count(*) FILTER (WHERE lab.choice = 'A') AS a, count(*) FILTER (WHERE lab.choice = 'B') AS b,
        count(*) FILTER (WHERE lab.choice = 'TIE') AS t,
        count(loo.ref) AS mn, count(*) FILTER (WHERE loo.ref = lab.choice) AS magree,
        min(lab."raterName") AS "raterName", max(lab."userId") AS "userId"
      FROM lab JOIN item i USING ("pairId")
      CROSS JOIN LATERAL (SELECT rl_human_reference(i.a - (lab.choice = 'A')::int, i.b - (lab.choice = 'B')::int,
        i.t - (lab.choice = 'TIE')::int, 1) AS ref) loo
      GROUP BY lab."raterKey"
    ), gap AS (
      SELECT "raterKey", extract(epoch FROM "createdAt" - lag("createdAt") OVER (PARTITION BY "raterKey" ORDER BY "createdAt"))::float8 AS s
      FROM lab WHERE "raterKey" LIKE 'user:%'
    ), pace AS (
      SELECT "raterKey", percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median FROM gap WHERE s <= ${MAX_LABEL_GAP_S} GROUP BY "raterKey"
    ), cell AS (
      SELECT x."raterKey" AS "raterX", y."raterKey" AS "raterY", x.choice::text AS cx, y.choice::text AS cy, count(*)::int AS n
      FROM lab x JOIN lab y ON y."pairId" = x."pairId" AND x."raterKey" < y."raterKey" COLLATE "C"
      GROUP BY 1, 2, 3, 4
    )
    SELECT
      (SELECT json_build_object(
        'labelledPairs', count(*), 'pairsWith2plus', count(*) FILTER (WHERE n >= 2), 'ratings', coalesce(sum(n), 0),
        'distribution', json_build_object('A', coalesce(sum(a), 0), 'B', coalesce(sum(b), 0), 'TIE', coalesce(sum(t), 0)),
        'pairable', json_build_object(
          'items', count(*) FILTER (WHERE n >= 2), 'ratings', coalesce(sum(n) FILTER (WHERE n >= 2), 0),
          'sumAgreement', coalesce(sum((a * a + b * b + t * t - n)::float8 / (n * (n - 1))) FILTER (WHERE n >= 2), 0),
          'sumCoincidence', coalesce(sum((a * a + b * b + t * t - n)::float8 / (n - 1)) FILTER (WHERE n >= 2), 0),
          'totals', json_build_object('A', coalesce(sum(a) FILTER (WHERE n >= 2), 0), 'B', coalesce(sum(b) FILTER (WHERE n >= 2), 0),
            'TIE', coalesce(sum(t) FILTER (WHERE n >= 2), 0))))
       FROM item) AS totals,
      -- Rounded so that 2/3 and 4/6 share a bin.
      (SELECT json_agg(h ORDER BY h.share DESC) FROM (
        SELECT round(greatest(a, b, t)::numeric / n, 3)::float8 AS share, count(*) AS pairs FROM item WHERE n >= 2 GROUP BY 1) h) AS hist,
      (SELECT json_agg(json_build_object(
        'raterKey', r."raterKey",
        'name', coalesce(u.name, r."raterName", substr(r."raterKey", strpos(r."raterKey", ':') + 1)),
        'labels', r.labels, 'counts', json_build_object('A', r.a, 'B', r.b, 'TIE', r.t),
        'majorityN', r.mn, 'majorityAgree', r.magree, 'medianGapSeconds', pace.median))
       FROM rater r LEFT JOIN "User" u ON u.id = r."userId" LEFT JOIN pace USING ("raterKey")) AS raters,
      (SELECT json_agg(cell) FROM cell) AS cells`
  return { ...row.totals, itemAgreement: row.hist ?? [], raters: row.raters ?? [], cohenCells: row.cells ?? [] }
}
