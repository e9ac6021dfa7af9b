// What the compare page reads of a policy run, and its label-source tag (server/lib/run-tag.ts):
// shared by the run picker and the comparison.
import type { Prisma } from '../../db/client.ts'
import { runTag } from '../../lib/run-tag.ts'

export const compareRunSelect = {
  id: true, kind: true, name: true, config: true, summary: true, createdAt: true, jobId: true,
  job: { select: { id: true, status: true, finishedAt: true } },
  baseModel: { select: { id: true, name: true, source: true, ref: true } },
  parent: { select: { id: true, name: true } },
  rewardModel: { select: { id: true, name: true, config: true } },
} satisfies Prisma.PolicySelect

export type CompareRunRow = Prisma.PolicyGetPayload<{ select: typeof compareRunSelect }>

/** The run as the page lists it: no reward-model config, its tag instead. */
export function toCompareRun(row: CompareRunRow) {
  const { tag, why } = runTag({ kind: row.kind, config: row.config, rewardModelConfig: row.rewardModel?.config ?? null })
  const rewardMode = row.kind === 'PPO' ? String((row.config as { rewardMode?: unknown } | null)?.rewardMode ?? 'plain') : null
  return {
    id: row.id, kind: row.kind, name: row.name, tag, tagWhy: why, rewardMode, createdAt: row.createdAt,
    status: row.job.status, finishedAt: row.job.finishedAt,
    parent: row.parent, rewardModel: row.rewardModel ? { id: row.rewardModel.id, name: row.rewardModel.name } : null,
    baseModel: row.baseModel,
  }
}
export type CompareRun = ReturnType<typeof toCompareRun>
