// Policies: a project's SFT and PPO runs and baseline sets, one policy with its samples, the prompt
// split's sizes, the uploaded SFT files (uploaded through app/api/projects/[projectId]/sft-datasets),
// and starting SFT or PPO. Researchers and admins only; services check project access.
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { describePromptSet } from '../../services/policies/describe-prompt-set.ts'
import { getPolicy } from '../../services/policies/get-policy.ts'
import { listPolicies } from '../../services/policies/list-policies.ts'
import { listSftDatasets } from '../../services/policies/list-sft-datasets.ts'
import { ppoConfigSchema, promptSplitSchema, sftConfigSchema } from '../../services/policies/policy-config.ts'
import { startPpoRun } from '../../services/policies/start-ppo-run.ts'
import { startSftRun } from '../../services/policies/start-sft-run.ts'

const id = z.string().min(1).max(64)

export const policiesRouter = createTRPCRouter({
  list: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listPolicies(ctx.actor, input.projectId)),
  get: researcherProcedure.input(z.object({ policyId: id })).query(({ ctx, input }) => getPolicy(ctx.actor, input.policyId)),
  promptSet: researcherProcedure.input(z.object({ projectId: id, split: promptSplitSchema.partial().default({}), trainPrompts: z.number().int().min(0).max(10_000_000).default(0) }))
    .query(({ ctx, input }) => describePromptSet(ctx.actor, input.projectId, input.split, input.trainPrompts)),
  sftDatasets: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listSftDatasets(ctx.actor, input.projectId)),
  startSft: researcherProcedure.input(z.object({ projectId: id, config: sftConfigSchema })).mutation(({ ctx, input }) => startSftRun(ctx.actor, input.projectId, input.config)),
  startPpo: researcherProcedure.input(z.object({ projectId: id, config: ppoConfigSchema })).mutation(({ ctx, input }) => startPpoRun(ctx.actor, input.projectId, input.config)),
})
