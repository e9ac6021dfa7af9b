// Everything the agreement dashboard needs from a project's labels, computed by PostgreSQL in ONE
// statement over ONE scan of the labels. Raw SQL on purpose (CODE_STYLE rule 11): loading 100k labels
// through Prisma and summarising them in JavaScript cost ~1 s of the web process per dashboard read
// and slowed every annotator's labels (docs/benchmarks.md, "Dashboards while labelling").
//
// The labels are read by Label.projectId (one index range); the pairs' datasets (importId) are
// looked up per labelled pair for the judge rows only, not per label, by primary key: a join there
// let the planner, with statistics from before a large import, loop over the pairs once per pair
// (measured: 343 s instead of 0.3 s on a fresh 100k-label project).
//
// The statistics' sufficient statistics are "signatures": a pair's labels of the chosen source as
// one string (rater=choice, sorted), counted per distinct signature. Fleiss κ, Krippendorff α, item
// agreement, per-rater shares and leave-one-out majority, and pairwise Cohen κ all depend on a pair
// only through its signature, so a few hundred (at most one per pair) weighted rows replace 100k
// label rows. Judges likewise: per (dataset, human reference, judges' labels) a count.
// summarise-ratings.ts and compare-judges-with-humans.ts turn these into the dashboard's numbers.
import { db, Prisma, type LabelSource } from '../../db/client.ts'
import type { Category } from './stats.ts'

/** Separators that no rater key or choice contains (ASCII unit and record separators). */
export const UNIT = '\x1f'
export const RECORD = '\x1e'

export type Signature = { sig: string; n: number }
export type JudgeSignature = { ds: string; ref: Category | null; sig: string | null; n: number }
export type RaterName = { raterKey: string; name: string }

export type AgreementAggregates = {
  /** Labelled pairs of the chosen source, by signature ("raterKey␟choice" joined by ␞). The labels are in
   *  no particular order: sorting them per pair cost half the statement, and the same labels listed in
   *  two orders are only two rows instead of one (each is tallied on its own, so no number changes). */
  signatures: Signature[]
  /** Pairs with a human reference or an AI label, by (dataset, reference, AI labels' signature). */
  judgeSignatures: JudgeSignature[]
  /** Every rater's display name: the user's current name, else the stored raterName, else the key's id part. */
  names: RaterName[]
  /** Median gap between a platform user's consecutive labels of the chosen source, breaks left out. */
  pace: { raterKey: string; median: number }[]
  /** Labels per UTC day and source since `since`; day: "YYYY-MM-DD" (UTC). */
  perDay: { day: string; source: LabelSource; n: number }[]
}

/** A gap longer than this is a break, not the time one label took. */
export const MAX_LABEL_GAP_S = 30 * 60

type AggregateOptions = { source: LabelSource; includeExternal: boolean; since: Date }

/** The statement (exported for bench/agreement-read.ts --explain). */
export function agreementAggregatesSql(projectId: string, { source, includeExternal, since }: AggregateOptions) {
  return Prisma.sql`
    WITH lab AS MATERIALIZED (
      SELECT l."pairId", l."raterKey", l.choice, l.source, l."createdAt", l."raterName", l."userId"
      FROM "Label" l
      WHERE l."projectId" = ${projectId} AND (${includeExternal} OR l."raterKey" NOT LIKE 'ext:%')
      -- In pair order, straight from the (projectId, pairId) index: the per-pair grouping below
      -- then needs no sort (PostgreSQL 17 knows a CTE's order; measured: the sort was a third of it).
      ORDER BY l."pairId"
    ), pair AS MATERIALIZED (
      SELECT lab."pairId",
        string_agg(lab."raterKey" || ${UNIT} || lab.choice, ${RECORD})
          FILTER (WHERE lab.source = ${source}::"LabelSource") AS sig,
        string_agg(lab."raterKey" || ${UNIT} || lab.choice, ${RECORD})
          FILTER (WHERE lab.source = 'AI') AS jsig,
        -- The human reference: the one rule (README "The human reference"), the project's minimum.
        rl_human_reference(count(*) FILTER (WHERE lab.source = 'HUMAN' AND lab.choice = 'A'),
          count(*) FILTER (WHERE lab.source = 'HUMAN' AND lab.choice = 'B'),
          count(*) FILTER (WHERE lab.source = 'HUMAN' AND lab.choice = 'TIE'),
          (SELECT "minHumanLabels" FROM "Project" WHERE id = ${projectId}))::text AS ref
      FROM lab GROUP BY lab."pairId"
    ), gap AS (
      SELECT "raterKey", extract(epoch FROM "createdAt" - lag("createdAt") OVER (PARTITION BY "raterKey" ORDER BY "createdAt"))::float8 AS s
      FROM lab WHERE "raterKey" LIKE 'user:%' AND source = ${source}::"LabelSource"
    )
    SELECT
      (SELECT json_agg(x) FROM (SELECT sig, count(*)::int AS n FROM pair WHERE sig IS NOT NULL GROUP BY sig) x) AS signatures,
      (SELECT json_agg(x) FROM (
        SELECT (SELECT coalesce(p."importId", '') FROM "Pair" p WHERE p.id = pair."pairId") AS ds, ref, jsig AS sig, count(*)::int AS n
        FROM pair WHERE ref IS NOT NULL OR jsig IS NOT NULL GROUP BY 1, 2, 3) x) AS "judgeSignatures",
      (SELECT json_agg(json_build_object('raterKey', r."raterKey",
         'name', coalesce(u.name, r."raterName", substr(r."raterKey", strpos(r."raterKey", ':') + 1))))
       FROM (SELECT "raterKey", min("raterName") AS "raterName", max("userId") AS "userId" FROM lab GROUP BY "raterKey") r
       LEFT JOIN "User" u ON u.id = r."userId") AS names,
      (SELECT json_agg(x) FROM (
        SELECT "raterKey", percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median FROM gap WHERE s <= ${MAX_LABEL_GAP_S} GROUP BY 1) x) AS pace,
      (SELECT json_agg(x) FROM (
        SELECT "createdAt"::date AS day, source, count(*)::int AS n
        FROM lab WHERE "createdAt" >= ${since} GROUP BY 1, 2) x) AS "perDay"`
}

type Row = [{ [K in keyof AgreementAggregates]: AgreementAggregates[K] | null }]

/** In the caller's transaction `tx` (a snapshot refresh holds its lock there), else in one of its own. */
export async function readAgreementAggregates(projectId: string, opts: AggregateOptions, tx?: Prisma.TransactionClient): Promise<AgreementAggregates> {
  // Should the planner sort the project's labels after all (PostgreSQL < 17 does), with the default
  // 4 MB of work_mem that sort spills to disk at 100k labels (measured: most of the statement's
  // time), so this statement gets more, for its transaction only.
  let row: Row[0]
  if (tx) {
    await tx.$executeRaw`SET LOCAL work_mem = '64MB'`
    ;[row] = await tx.$queryRaw<Row>(agreementAggregatesSql(projectId, opts))
  } else {
    ;[, [row]] = await db.$transaction([
      db.$executeRaw`SET LOCAL work_mem = '64MB'`,
      db.$queryRaw<Row>(agreementAggregatesSql(projectId, opts)),
    ])
  }
  return {
    signatures: row.signatures ?? [],
    judgeSignatures: row.judgeSignatures ?? [],
    names: row.names ?? [],
    pace: row.pace ?? [],
    perDay: row.perDay ?? [],
  }
}

/** A signature's labels, in the order it lists them. */
export function parseSignature(sig: string): { raterKey: string; choice: Category }[] {
  return sig.split(RECORD).map((entry) => {
    const at = entry.lastIndexOf(UNIT)
    return { raterKey: entry.slice(0, at), choice: entry.slice(at + 1) as Category }
  })
}
