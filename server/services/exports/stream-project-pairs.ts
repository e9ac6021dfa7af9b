// Pages through a project's pairs in import order (keyset on ordinal, 500 at a time) with their texts
// and labels, so an export of a 100k-pair project never holds more than one page in memory. With
// an explorer filter, each page is the next 500 matching pairs (the filter's SQL, keyset on ordinal).
import { db, Prisma, type LabelSource } from '../../db/client.ts'
import type { PairFilter } from '../data/pair-filter.ts'
import { filteredPairsSql } from '../data/pair-filter-sql.ts'

export const EXPORT_PAGE_SIZE = 500

const pairSelect = (sources?: LabelSource[]) => ({
  id: true, ordinal: true, sourceRef: true, createdAt: true,
  prompt: { select: { text: true } },
  responseA: { select: { text: true, model: true } },
  responseB: { select: { text: true, model: true } },
  labels: {
    ...(sources ? { where: { source: { in: sources } } } : {}),
    orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }],
    select: {
      raterKey: true, raterName: true, userId: true, source: true, choice: true, probability: true, confidence: true,
      rationale: true, importId: true, createdAt: true, user: { select: { name: true } },
    },
  },
})

async function page(projectId: string, after: number, sources?: LabelSource[], pageSize = EXPORT_PAGE_SIZE) {
  return db.pair.findMany({ where: { projectId, ordinal: { gt: after } }, orderBy: { ordinal: 'asc' }, take: pageSize, select: pairSelect(sources) })
}

async function filteredPage(projectId: string, filter: PairFilter, after: number, sources?: LabelSource[], pageSize = EXPORT_PAGE_SIZE) {
  const ids = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT x.id FROM (${filteredPairsSql(projectId, filter)}) x WHERE x.ordinal > ${after} ORDER BY x.ordinal LIMIT ${pageSize}`)
  if (ids.length === 0) return []
  return db.pair.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { ordinal: 'asc' }, select: pairSelect(sources) })
}

export type ExportPair = Awaited<ReturnType<typeof page>>[number]

/** Yields pages of pairs; `sources` limits the labels loaded (all sources when omitted), `filter` the pairs. */
export async function* streamProjectPairs(projectId: string, opts: { sources?: LabelSource[]; pageSize?: number; filter?: PairFilter } = {}): AsyncGenerator<ExportPair[]> {
  let after = -1
  for (;;) {
    const rows = opts.filter
      ? await filteredPage(projectId, opts.filter, after, opts.sources, opts.pageSize)
      : await page(projectId, after, opts.sources, opts.pageSize)
    if (rows.length === 0) return
    yield rows
    after = rows[rows.length - 1].ordinal
  }
}
