// The explorer's filter as SQL over one project's pairs (shared by the explorer, exports and judge
// runs; not an operation). Raw SQL because the filters are computed per pair (label counts, both
// majorities, flags, lengths, a reward model's margin) and a page must answer in < 200 ms on 100k
// pairs (bench/explorer.ts): label counts and lengths are PairStats columns (kept by triggers), so
// no request aggregates the project's labels.
import { Prisma } from '../../db/client.ts'
import { projectMinimum, referenceOf } from './human-majority-sql.ts'
import type { PairCursor, PairFilter, PairSort } from './pair-filter.ts'

const sql = Prisma.sql
const raw = Prisma.raw
const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, ' AND ') : sql`TRUE`)

/** Open flags of the pair `p`: an index probe, made for the page's rows only (or per pair when sorting by it). */
export const openFlags = sql`(SELECT count(*)::int FROM "PairFlag" f WHERE f."pairId" = p.id AND f."resolvedAt" IS NULL)`

/** The pair's human reference under the project's minimum, or SPLIT / NULL (human-majority-sql.ts). */
export const humanMajority = (projectId: string) => referenceOf(raw('ls."humanA"'), raw('ls."humanB"'), raw('ls."humanTie"'), projectMinimum(projectId))
/** The AI judges' majority: the same plurality rule, one label enough. */
export const aiMajority = referenceOf(raw('ls."aiA"'), raw('ls."aiB"'), raw('ls."aiTie"'), sql`1`)
/** Label counts of the pair (PairStats, kept by triggers). */
export const humanCount = sql`(ls."humanA" + ls."humanB" + ls."humanTie")`
export const aiCount = sql`(ls."aiA" + ls."aiB" + ls."aiTie")`
const definite = (m: Prisma.Sql) => sql`${m} IN ('A', 'B', 'TIE')`
const length = sql`ls."responseChars"`
const margin = sql`(ps."scoreA" - ps."scoreB")`

/** The joins every filtered query has: label counts and the chosen model's scores (texts: the caller's). */
export function pairJoins(f: PairFilter) {
  const scores = f.rm
    ? sql`LEFT JOIN "PairScore" ps ON ps."pairId" = p.id AND ps."rewardModelId" = ${f.rm}`
    : sql`LEFT JOIN (SELECT NULL::float8 AS "scoreA", NULL::float8 AS "scoreB") ps ON TRUE`
  // In import order the pairs come from the (projectId, ordinal) index and a page stops after 51
  // matches; OFFSET 0 keeps the planner from flattening this into a hash join, which it picks
  // because it cannot estimate how many pairs the majority expressions keep (1% where it is 14%).
  const stats = (f.sort ?? 'ordinal') === 'ordinal'
    ? sql`JOIN LATERAL (SELECT * FROM "PairStats" s WHERE s."pairId" = p.id OFFSET 0) ls ON TRUE`
    : sql`JOIN "PairStats" ls ON ls."pairId" = p.id`
  return sql`FROM "Pair" p ${stats} ${scores}`
}

/** ILIKE pattern for a substring (its own %, _ and \ taken literally). */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Substring search. 'index': IN lists from the pg_trgm GIN indexes, fast for a rare word (a common
 * one builds a list of every pair). 'scan': the texts tested pair by pair in page order, fast for a
 * common word (a page fills at once) and slow for a rare one. list-pairs.ts picks per word.
 */
export type SearchMode = 'index' | 'scan'

function searchCondition(projectId: string, q: string, mode: SearchMode) {
  const pattern = likePattern(q)
  if (mode === 'scan') {
    return sql`EXISTS (SELECT 1 FROM "Prompt" sp, "Response" sa, "Response" sb
      WHERE sp.id = p."promptId" AND sa.id = p."responseAId" AND sb.id = p."responseBId"
        AND (sp.text ILIKE ${pattern} OR sa.text ILIKE ${pattern} OR sb.text ILIKE ${pattern}))`
  }
  const responses = sql`SELECT r.id FROM "Response" r JOIN "Prompt" rp ON rp.id = r."promptId" WHERE rp."projectId" = ${projectId} AND r.text ILIKE ${pattern}`
  return sql`(p."promptId" IN (SELECT id FROM "Prompt" WHERE "projectId" = ${projectId} AND text ILIKE ${pattern})
    OR p."responseAId" IN (${responses}) OR p."responseBId" IN (${responses}))`
}

/** Every condition of the filter, ANDed, on the aliases of pairJoins. */
export function pairConditions(projectId: string, f: PairFilter, search: SearchMode = 'index'): Prisma.Sql {
  const c: Prisma.Sql[] = [sql`p."projectId" = ${projectId}`, sql`ls."projectId" = ${projectId}`]
  if (f.q) c.push(searchCondition(projectId, f.q, search))
  if (f.source === 'HUMAN') c.push(sql`${humanCount} > 0`)
  if (f.source === 'AI') c.push(sql`${aiCount} > 0`)
  if (f.source === 'SELF') c.push(sql`ls."selfLabels" > 0`)
  if (f.source === 'NONE') c.push(sql`${humanCount} + ${aiCount} + ls."selfLabels" = 0`)
  const human = humanMajority(projectId)
  if (f.majority === 'NONE') c.push(sql`${human} IS NULL`)
  else if (f.majority) c.push(sql`${human} = ${f.majority}`)
  const humanChoices = sql`((ls."humanA" > 0)::int + (ls."humanB" > 0)::int + (ls."humanTie" > 0)::int)`
  if (f.humanDisagree === 'yes') c.push(sql`${humanChoices} > 1`)
  if (f.humanDisagree === 'no') c.push(sql`${humanChoices} = 1`)
  if (f.humanVsAi) {
    c.push(sql`${definite(human)} AND ${definite(aiMajority)}`)
    c.push(f.humanVsAi === 'disagree' ? sql`${human} <> ${aiMajority}` : sql`${human} = ${aiMajority}`)
  }
  if (f.minMargin !== undefined) c.push(sql`${margin} >= ${f.minMargin}`)
  if (f.maxMargin !== undefined) c.push(sql`${margin} <= ${f.maxMargin}`)
  if (f.minLength !== undefined) c.push(sql`${length} >= ${f.minLength}`)
  if (f.maxLength !== undefined) c.push(sql`${length} <= ${f.maxLength}`)
  if (f.importId === 'none') c.push(sql`p."importId" IS NULL`)
  else if (f.importId) c.push(sql`p."importId" = ${f.importId}`)
  if (f.gold === 'yes') c.push(sql`p."goldChoice" IS NOT NULL`)
  if (f.gold === 'no') c.push(sql`p."goldChoice" IS NULL`)
  // Flags are few: one hashed list of flagged pairs, whatever the page order.
  if (f.flagged === 'open') c.push(sql`p.id IN (SELECT "pairId" FROM "PairFlag" WHERE "resolvedAt" IS NULL)`)
  if (f.flagged === 'any') c.push(sql`p.id IN (SELECT "pairId" FROM "PairFlag")`)
  if (f.flagged === 'no') c.push(sql`p.id NOT IN (SELECT "pairId" FROM "PairFlag")`)
  return and(c)
}

/** The value a sort orders by, as float8; pairs without one (no score, no human label) sort as -1e300. */
const SORT_VALUES: Record<PairSort, Prisma.Sql> = {
  ordinal: sql`p.ordinal::float8`,
  margin: sql`coalesce(${margin}, -1e300)`,
  length: sql`${length}::float8`,
  humanLabels: sql`${humanCount}::float8`,
  aiLabels: sql`${aiCount}::float8`,
  agreement: sql`(CASE WHEN ${humanCount} = 0 THEN -1e300 ELSE greatest(ls."humanA", ls."humanB", ls."humanTie")::float8 / ${humanCount} END)`,
  flags: sql`${openFlags}::float8`,
}

/** ORDER BY and the keyset condition after `cursor`, on (sort value, id); import order is ordinal alone (unique), so the index serves it. */
export function pairOrder(f: PairFilter, cursor: PairCursor | null) {
  const sort = f.sort ?? 'ordinal'
  const dir = f.dir ?? (sort === 'ordinal' ? 'asc' : 'desc')
  const cmp = raw(dir === 'asc' ? '>' : '<')
  const d = raw(dir.toUpperCase())
  if (sort === 'ordinal') {
    return { sorted: false, value: SORT_VALUES.ordinal, orderBy: sql`p.ordinal ${d}`, outerOrderBy: sql`x.ordinal ${d}`, after: cursor ? sql`p.ordinal ${cmp} ${Math.trunc(Number(cursor.v))}` : sql`TRUE` }
  }
  const value = SORT_VALUES[sort]
  return { sorted: true, value, orderBy: sql`${value} ${d}, p.id ${d}`, outerOrderBy: sql`x."sortNum" ${d}, x.id ${d}`, after: cursor ? sql`(${value}, p.id) ${cmp} (${cursor.v}::float8, ${cursor.id})` : sql`TRUE` }
}

/** SELECT id, ordinal of the filtered pairs (no order): a subquery for exports and judge runs. */
export function filteredPairsSql(projectId: string, f: PairFilter): Prisma.Sql {
  return sql`SELECT p.id, p.ordinal ${pairJoins(f)} WHERE ${pairConditions(projectId, f)}`
}
