// One page of the data explorer: a project's pairs matching a filter, in the filter's sort, paged by
// keyset on (sort value, id), never OFFSET, so page 2,000 costs what page 1 does. Staff only.
import { z } from 'zod'
import { db, Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { decodeCursor, encodeCursor, pairFilterSchema } from './pair-filter.ts'
import { aiCount, aiMajority, humanCount, humanMajority, pairConditions, pairJoins, pairOrder } from './pair-filter-sql.ts'

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
  margin: number | null; gold: boolean; openFlags: number; importId: string | null; sortValue: number
}

export async function listPairs(actor: Actor, input: z.input<typeof listPairsSchema>) {
  assertStaff(actor, 'The data explorer is for researchers and admins')
  const { projectId, filter, after, limit } = listPairsSchema.parse(input)
  await assertProjectAccess(actor, projectId)
  const order = pairOrder(filter, decodeCursor(after))
  const rows = await db.$queryRaw<ExplorerRow[]>(Prisma.sql`
    SELECT p.id, p.ordinal, left(pr.text, 300) AS prompt, left(ra.text, 200) AS "responseA", left(rb.text, 200) AS "responseB",
      ls."responseChars" AS length, ${humanCount} AS "humanLabels", ${aiCount} AS "aiLabels", ls."selfLabels",
      ${humanMajority} AS "humanMajority", ${aiMajority} AS "aiMajority", ps."scoreA" - ps."scoreB" AS margin,
      p."goldChoice" IS NOT NULL AS gold, coalesce(fl.open, 0) AS "openFlags", p."importId", ${order.value} AS "sortValue"
    ${pairJoins(projectId, filter)}
    JOIN "Prompt" pr ON pr.id = p."promptId"
    JOIN "Response" ra ON ra.id = p."responseAId"
    JOIN "Response" rb ON rb.id = p."responseBId"
    WHERE ${pairConditions(projectId, filter)} AND ${order.after}
    ORDER BY ${order.orderBy}
    LIMIT ${limit + 1}`)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { rows: page, next: rows.length > limit && last ? encodeCursor({ v: last.sortValue, id: last.id }) : null }
}
