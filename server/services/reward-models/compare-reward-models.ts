// Two reward models side by side: settings, headline metrics, their held-out curves (eval/accuracy
// and eval/loss per step) and their benchmark results, one entry per set either was evaluated on.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { readBenchmarkResults } from '../benchmarks/list-benchmark-results.ts'
import { findRewardModel } from './find-reward-model.ts'
import { readLiveHeadlines } from './read-live-headlines.ts'
import { rewardModelViewSelect, toRewardModelView } from './reward-model-view.ts'

const CURVES = ['eval/accuracy', 'eval/loss'] as const

async function withCurves(id: string) {
  const row = await db.rewardModel.findUniqueOrThrow({ where: { id }, select: rewardModelViewSelect })
  const live = row.summary === null ? (await readLiveHeadlines([row.job.id])).get(row.job.id) : undefined
  const points = await db.jobMetric.findMany({
    where: { jobId: row.job.id, name: { in: [...CURVES] } }, orderBy: [{ step: 'asc' }, { id: 'asc' }], select: { name: true, step: true, value: true },
  })
  const curves = Object.fromEntries(CURVES.map((name) => [name, points.filter((p) => p.name === name).map((p) => ({ step: p.step, value: p.value }))]))
  return { ...toRewardModelView(row, live), curves: curves as Record<(typeof CURVES)[number], { step: number; value: number }[]> }
}

export async function compareRewardModels(actor: Actor, a: string, b: string) {
  const [ra, rb] = await Promise.all([findRewardModel(actor, a), findRewardModel(actor, b)])
  if (ra.projectId !== rb.projectId) throw badRequest('Compare reward models of the same project')
  const [ba, bb] = await Promise.all([readBenchmarkResults(ra.id, ra.projectId), readBenchmarkResults(rb.id, rb.projectId)])
  const sets = new Map([...ba, ...bb].map((r) => [r.set.id, r.set]))
  const benchmarks = [...sets.values()].sort((x, y) => x.name.localeCompare(y.name)).map((set) => ({
    set, a: ba.find((r) => r.set.id === set.id) ?? null, b: bb.find((r) => r.set.id === set.id) ?? null,
  }))
  return { a: await withCurves(a), b: await withCurves(b), benchmarks }
}
