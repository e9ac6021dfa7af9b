// Policy evaluations: a project's evaluations, one with a page of its side-by-side completions, and
// starting one. Researchers and admins only; services check project access.
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { getPolicyEval } from '../../services/evaluations/get-policy-eval.ts'
import { listPolicyEvals } from '../../services/evaluations/list-policy-evals.ts'
import { policyEvalConfigSchema } from '../../services/evaluations/policy-eval-config.ts'
import { startPolicyEval } from '../../services/evaluations/start-policy-eval.ts'

const id = z.string().min(1).max(64)

export const evaluationsRouter = createTRPCRouter({
  list: researcherProcedure.input(z.object({ projectId: id, policyIds: z.array(id).max(50).default([]) }))
    .query(({ ctx, input }) => listPolicyEvals(ctx.actor, input.projectId, input.policyIds)),
  get: researcherProcedure.input(z.object({ evalId: id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(50).default(10) }))
    .query(({ ctx, input }) => getPolicyEval(ctx.actor, input.evalId, input)),
  start: researcherProcedure.input(z.object({ projectId: id, config: policyEvalConfigSchema }))
    .mutation(({ ctx, input }) => startPolicyEval(ctx.actor, input.projectId, input.config)),
})
