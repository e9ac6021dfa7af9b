// A reward model's evaluations on benchmark sets, by set name: the set, the latest job and the
// results it stored (per subset and overall, server/lib/benchmark-stats.ts). For the model's page and,
// for two models at once, the compare view.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import type { BenchmarkResults } from '../../lib/benchmark-stats.ts'
import { findRewardModel } from '../reward-models/find-reward-model.ts'
import { jobViewSelect } from '../reward-models/reward-model-view.ts'

export async function readBenchmarkResults(rewardModelId: string, projectId: string) {
  const rows = await db.benchmarkEvaluation.findMany({
    where: { rewardModelId }, orderBy: { set: { name: 'asc' } },
    select: {
      id: true, pairsScored: true, results: true, updatedAt: true, job: { select: jobViewSelect },
      set: { select: { id: true, name: true, source: true, template: true, pairCount: true, filename: true, sourceProjectId: true, sourceProject: { select: { name: true } } } },
    },
  })
  return rows.map(({ results, set: { sourceProjectId, ...set }, ...r }) => ({
    ...r,
    set,
    results: results as BenchmarkResults | null,
    /** The set was copied from the project this model trained on: it may have trained on some of its pairs. */
    fromTrainingProject: sourceProjectId === projectId,
  }))
}
export type BenchmarkResultRow = Awaited<ReturnType<typeof readBenchmarkResults>>[number]

export async function listBenchmarkResults(actor: Actor, rewardModelId: string) {
  const rm = await findRewardModel(actor, rewardModelId)
  return readBenchmarkResults(rm.id, rm.projectId)
}
