// One page of the data explorer: a project's pairs matching a filter, in the filter's sort, paged by
// keyset on (sort value, id), never OFFSET, so page 2,000 costs what page 1 does. Staff only.
import { z } from 'zod'
import { db, Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { decodeCursor, encodeCursor, pairFilterSchema } from './pair-filter.ts'
import { aiCount, aiMajority, humanCount, humanMajority, likePattern, openFlags, pairConditions, pairJoins, pairOrder, type SearchMode } from './pair-filter-sql.ts'

export const listPairsSchema = z.object({
  projectId: z.string().min(1).max(64),
  filter: pairFilterSchema.default({}),
  after: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
})

export type ExplorerRow = {
  id: string; ordinal: number; prompt: string; responseA: string; responseB: string; length: number
  humanLabels: number; aiLabels: number; selfLabels: number
  humanMajority: 'A' | 'B' | 'TIE' | 'SPLIT' | null; aiMajority: 'A' | 'B' | 'TIE' | 'SPLIT' | null
  margin: number | null; gold: boolean; openFlags: number; importId: string | null; sortKey: string
}

/** Matches beyond which a word counts as common: a page in import order then fills within a few thousand pairs. */
const COMMON_MATCHES = 1000

/** 'scan' for a word in at least COMMON_MATCHES prompts or responses of the project, else 'index' (two LIMITed probes). */
async function searchMode(projectId: string, q: string | undefined): Promise<SearchMode> {
  if (!q) return 'index'
  const pattern = likePattern(q)
  const [{ prompts, responses }] = await db.$queryRaw<{ prompts: number; responses: number }[]>`
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM "Prompt" WHERE "projectId" = ${projectId} AND text ILIKE ${pattern} LIMIT ${COMMON_MATCHES}) a) AS prompts,
      (SELECT count(*)::int FROM (SELECT 1 FROM "Response" r JOIN "Prompt" rp ON rp.id = r."promptId"
        WHERE rp."projectId" = ${projectId} AND r.text ILIKE ${pattern} LIMIT ${COMMON_MATCHES}) b) AS responses`
  return Math.max(prompts, responses) >= COMMON_MATCHES ? 'scan' : 'index'
}

export async function listPairs(actor: Actor, input: z.input<typeof listPairsSchema>) {
  assertStaff(actor, 'The data explorer is for researchers and admins')
  const { projectId, filter, after, limit } = listPairsSchema.parse(input)
  await assertProjectAccess(actor, projectId)
  const order = pairOrder(filter, decodeCursor(after))
  const search = await searchMode(projectId, filter.q)
  // The page is chosen on ids and counts alone; its texts are joined to those rows only (fewer
  // relations to plan per call, and no text read for a pair the filter drops).
  const query = db.$queryRaw<ExplorerRow[]>(Prisma.sql`
    SELECT x.id, x.ordinal, left(pr.text, 300) AS prompt, left(ra.text, 200) AS "responseA", left(rb.text, 200) AS "responseB",
      x.length, x."humanLabels", x."aiLabels", x."selfLabels", x."humanMajority", x."aiMajority", x.margin, x.gold,
      x."openFlags", x."importId", x."sortNum"::text AS "sortKey"
    FROM (
      SELECT p.id, p.ordinal, p."promptId", p."responseAId", p."responseBId", ls."responseChars" AS length,
        ${humanCount} AS "humanLabels", ${aiCount} AS "aiLabels", ls."selfLabels",
        ${humanMajority(projectId)} AS "humanMajority", ${aiMajority} AS "aiMajority", ps."scoreA" - ps."scoreB" AS margin,
        p."goldChoice" IS NOT NULL AS gold, ${openFlags} AS "openFlags", p."importId", ${order.value} AS "sortNum"
      ${pairJoins(filter)}
      WHERE ${pairConditions(projectId, filter, search)} AND ${order.after}
      ORDER BY ${order.orderBy}
      LIMIT ${limit + 1}) x
    JOIN "Prompt" pr ON pr.id = x."promptId"
    JOIN "Response" ra ON ra.id = x."responseAId"
    JOIN "Response" rb ON rb.id = x."responseBId"
    ORDER BY ${order.outerOrderBy}`)
  // A plan per call (Prisma prepares statements; after five calls PostgreSQL may switch to a
  // generic plan that ignores how selective this filter is: 700 ms instead of 2, bench/explorer.ts),
  // and another sort than import order sorts the filtered project (100k rows, about 5 MB) in memory,
  // not spilled to disk as the default 4 MB work_mem would.
  const settings = db.$queryRaw`SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('work_mem', ${order.sorted ? '32MB' : '4MB'}, true)`
  const [, rows] = await db.$transaction([settings, query])
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { rows: page, next: rows.length > limit && last ? encodeCursor({ v: last.sortKey, id: last.id }) : null }
}
