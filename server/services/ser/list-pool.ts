// An SER run's pool: the project's pairs whose human labels no training run of it uses (none, or
// outside the seed's human share), never a held-out pair, and not in a proposed or approved batch of
// the run (a rejected or revoked batch's pairs come back). Paged over the pairs in ordinal order.
// A spot-check label is a human label like any other: a pair that gets one follows the seed's split
// from then on (in the held-out or the human share it leaves the pool, else it stays in it).
import { db } from '../../db/client.ts'
import { humanSplit } from '../reward-models/write-training-pairs.ts'
import type { RewardModelConfig } from '../reward-models/training-config.ts'

const PAGE = 5000

export type PoolPair = { id: string; humanChoices: ('A' | 'B' | 'TIE')[] }

export async function listPool(projectId: string, runId: string | null, seed: RewardModelConfig): Promise<PoolPair[]> {
  const pool: PoolPair[] = []
  const { minHumanLabels } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { minHumanLabels: true } })
  let cursor = -1
  for (;;) {
    const pairs = await db.pair.findMany({
      where: { projectId, ordinal: { gt: cursor } }, orderBy: { ordinal: 'asc' }, take: PAGE,
      select: {
        id: true, ordinal: true,
        labels: { where: { source: 'HUMAN' }, select: { choice: true } },
        selfLabels: runId ? { where: { batch: { runId, status: { in: ['PROPOSED', 'APPROVED'] } } }, select: { id: true }, take: 1 } : undefined,
      },
    })
    if (!pairs.length) break
    cursor = pairs.at(-1)!.ordinal
    for (const p of pairs) {
      if (p.selfLabels?.length) continue
      const choices = p.labels.map((l) => l.choice)
      if (humanSplit(choices, p.id, seed, minHumanLabels) === null) pool.push({ id: p.id, humanChoices: choices })
    }
  }
  return pool
}
