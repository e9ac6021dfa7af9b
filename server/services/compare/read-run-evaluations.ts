// The policy evaluations behind a comparison's export: every evaluation with results that compares at
// least two of the picked runs, cut to those runs (their win-rate cells and per-policy figures).
import { db } from '../../db/client.ts'
import type { PolicyEvalSummary } from '../evaluations/summarise-policy-eval.ts'

export async function readRunEvaluations(policyIds: string[]) {
  const picked = new Set(policyIds)
  const rows = await db.policyEval.findMany({
    where: { policies: { some: { policyId: { in: policyIds } } }, summary: { not: { equals: null } } },
    orderBy: { createdAt: 'desc' }, take: 20,
    select: { id: true, name: true, createdAt: true, judge: { select: { name: true } }, rewardModel: { select: { name: true } }, summary: true },
  })
  return rows.flatMap(({ summary, ...ev }) => {
    const s = summary as PolicyEvalSummary
    const matrix = s.matrix.filter((c) => picked.has(c.policyAId) && picked.has(c.policyBId))
    if (!matrix.length) return []
    return [{ ...ev, judge: ev.judge?.name ?? null, rewardModel: ev.rewardModel?.name ?? null, matrix, policies: s.policies.filter((p) => picked.has(p.policyId)) }]
  })
}
