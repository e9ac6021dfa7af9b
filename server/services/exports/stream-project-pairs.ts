// Pages through a project's pairs in import order (keyset on ordinal, 500 at a time) with their texts
// and labels, so an export of a 100k-pair project never holds more than one page in memory.
import { db, type LabelSource } from '../../db/client.ts'

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

export type ExportPair = Awaited<ReturnType<typeof page>>[number]

/** Yields pages of pairs; `sources` limits the labels loaded (all sources when omitted). */
export async function* streamProjectPairs(projectId: string, opts: { sources?: LabelSource[]; pageSize?: number } = {}): AsyncGenerator<ExportPair[]> {
  let after = -1
  for (;;) {
    const rows = await page(projectId, after, opts.sources, opts.pageSize)
    if (rows.length === 0) return
    yield rows
    after = rows[rows.length - 1].ordinal
  }
}
