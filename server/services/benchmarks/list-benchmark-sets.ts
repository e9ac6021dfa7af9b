// Every benchmark set, newest first, for the pickers: where it came from, its subsets with their
// sizes, and what was left out when it was made.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { BENCHMARK_STAFF_ONLY } from './benchmark-sets.ts'

type Reason = { line: number; reason: string }

export async function listBenchmarkSets(actor: Actor) {
  assertStaff(actor, BENCHMARK_STAFF_ONLY)
  const [sets, subsets] = await Promise.all([
    db.benchmarkSet.findMany({
      orderBy: { createdAt: 'desc' },
      select: {
        id: true, name: true, source: true, template: true, filename: true, format: true, pairCount: true, skipped: true, skippedReasons: true, createdAt: true,
        sourceProject: { select: { id: true, name: true } }, createdBy: { select: { id: true, name: true } },
      },
    }),
    db.benchmarkPair.groupBy({ by: ['setId', 'subset'], _count: { _all: true }, orderBy: [{ setId: 'asc' }, { subset: 'asc' }] }),
  ])
  return sets.map(({ skippedReasons, ...s }) => ({
    ...s,
    skippedReasons: (skippedReasons as Reason[]).slice(0, 20),
    subsets: subsets.filter((g) => g.setId === s.id).map((g) => ({ subset: g.subset, pairs: g._count._all })),
  }))
}
