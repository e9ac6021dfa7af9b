// What the API shows of a policy and of a baseline set: settings, job, headline numbers, what it was
// trained from (and for d-RLAIF its judge and what judging cost). Server paths stay on the server.
import type { Prisma } from '../../db/client.ts'
import { jobViewSelect } from '../reward-models/reward-model-view.ts'
import { judgeUsageSchema } from './policy-config.ts'

export const policyViewSelect = {
  id: true, projectId: true, kind: true, name: true, config: true, summary: true, outputDir: true, createdAt: true,
  createdBy: { select: { id: true, name: true } },
  job: { select: { ...jobViewSelect, afterJobId: true, stopReason: true } },
  baseModel: { select: { id: true, name: true, source: true, ref: true } },
  parent: { select: { id: true, name: true } },
  rewardModel: { select: { id: true, name: true } },
  baselineSet: { select: { id: true, job: { select: { status: true } } } },
  judge: { select: { id: true, name: true } },
  judgeVersion: true,
  judgeUsage: true,
} satisfies Prisma.PolicySelect

type Row = Prisma.PolicyGetPayload<{ select: typeof policyViewSelect }>

export function toPolicyView({ outputDir, summary, judgeUsage, ...row }: Row) {
  return {
    ...row, trained: outputDir !== null, summary: (summary ?? {}) as Record<string, number>,
    /** d-RLAIF: what judging cost so far (null for other runs and before the first rating). */
    judgeUsage: judgeUsage === null ? null : judgeUsageSchema.parse(judgeUsage),
  }
}
export type PolicyView = ReturnType<typeof toPolicyView>

export const baselineSetViewSelect = {
  id: true, config: true, stats: true, createdAt: true,
  job: { select: jobViewSelect },
  policy: { select: { id: true, name: true } },
  rewardModel: { select: { id: true, name: true } },
  usedBy: { select: { id: true, name: true } },
} satisfies Prisma.BaselineSetSelect
