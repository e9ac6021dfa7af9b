// What the API shows of a policy evaluation: its settings (the judges' copied configs left out: they
// are on the judge pages), job, policies in their order, judges and held-out RM by name, spend and
// summary. Server paths stay on the server.
import type { Prisma } from '../../db/client.ts'
import { jobViewSelect } from '../reward-models/reward-model-view.ts'
import type { PolicyEvalSummary } from './summarise-policy-eval.ts'

export const policyEvalViewSelect = {
  id: true, projectId: true, name: true, config: true, summary: true, judgeRequests: true, judgeCostUsd: true, createdAt: true,
  createdBy: { select: { id: true, name: true } },
  job: { select: { ...jobViewSelect, stopReason: true } },
  judge: { select: { id: true, name: true } },
  harmJudge: { select: { id: true, name: true } },
  rewardModel: { select: { id: true, name: true } },
  policies: { orderBy: { position: 'asc' }, select: { policy: { select: { id: true, name: true, kind: true } } } },
} satisfies Prisma.PolicyEvalSelect

type Row = Prisma.PolicyEvalGetPayload<{ select: typeof policyEvalViewSelect }>

export function toPolicyEvalView({ config, summary, policies, ...row }: Row) {
  const { judge: _judge, harmJudge: _harm, ...settings } = config as Record<string, unknown>
  return { ...row, config: settings, policies: policies.map((p) => p.policy), summary: summary as PolicyEvalSummary | null }
}
export type PolicyEvalView = ReturnType<typeof toPolicyEvalView>
