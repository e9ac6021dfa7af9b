// Agreement: the project dashboard's statistics. Staff only (the answer shows every rater's labels).
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { getGoldAccuracy } from '../../services/agreement/get-gold-accuracy.ts'
import { getProjectAgreement } from '../../services/agreement/get-project-agreement.ts'

export const agreementRouter = createTRPCRouter({
  project: researcherProcedure
    .input(z.object({
      projectId: z.string().min(1).max(64),
      source: z.enum(['HUMAN', 'AI', 'SELF']).default('HUMAN'),
      includeExternal: z.boolean().default(true),
      minOverlap: z.number().int().min(1).max(100_000).default(5),
    }))
    .query(({ ctx, input }) => getProjectAgreement(ctx.actor, input.projectId, input)),
  gold: researcherProcedure.input(z.object({ projectId: z.string().min(1).max(64) })).query(({ ctx, input }) => getGoldAccuracy(ctx.actor, input.projectId)),
})
