// The training curves the compare page overlays, per metric and run, under TRL's names: the reward PPO
// maximises (objective/rlhf_reward = score − β·KL), the reward model's score (objective/scores), the KL
// from the SFT policy and the entropy. SFT runs log none of these: they simply have no line.
import { db } from '../../db/client.ts'

export const CURVE_METRICS = [
  { metric: 'objective/rlhf_reward', label: 'Reward (score − β·KL)', yLabel: 'reward' },
  { metric: 'objective/scores', label: 'Reward score', yLabel: 'score' },
  { metric: 'objective/kl', label: 'KL from the SFT policy', yLabel: 'KL (nats per response)' },
  { metric: 'objective/entropy', label: 'Entropy', yLabel: 'nats' },
] as const

/** Points per series sent to the page: a chart is thinned to ~400 anyway; the export gets the same points. */
const MAX_POINTS = 2000

export type CurvePoint = [step: number, value: number]

function thin(points: CurvePoint[]): CurvePoint[] {
  if (points.length <= MAX_POINTS) return points
  const k = Math.ceil(points.length / MAX_POINTS)
  return points.filter((_, i) => i % k === 0 || i === points.length - 1)
}

export async function readRunCurves(runs: { id: string; jobId: string }[]) {
  const rows = await db.jobMetric.findMany({
    where: { jobId: { in: runs.map((r) => r.jobId) }, name: { in: CURVE_METRICS.map((m) => m.metric) } },
    orderBy: { id: 'asc' }, select: { jobId: true, name: true, step: true, value: true },
  })
  // A step logged twice (an attempt continued from its checkpoint re-logs it) keeps its latest value.
  const byKey = new Map<string, Map<number, number>>()
  for (const r of rows) {
    const key = `${r.jobId}\u0000${r.name}`
    if (!byKey.has(key)) byKey.set(key, new Map())
    byKey.get(key)!.set(r.step, r.value)
  }
  return CURVE_METRICS.map((m) => ({
    ...m,
    series: runs.map((run) => {
      const steps = byKey.get(`${run.jobId}\u0000${m.metric}`) ?? new Map<number, number>()
      return { runId: run.id, points: thin([...steps.entries()].sort((a, b) => a[0] - b[0])) }
    }),
  }))
}
