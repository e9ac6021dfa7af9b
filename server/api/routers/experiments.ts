// Experiment presets: the "RLHF vs RLAIF" preset's data check (what the project holds for it) and
// its one-click start. Researchers and admins only; services check project access.
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { findPandalmImports } from '../../services/experiments/find-pandalm-imports.ts'
import { rlhfVsRlaifConfigSchema } from '../../services/experiments/rlhf-vs-rlaif-config.ts'
import { startRlhfVsRlaif } from '../../services/experiments/start-rlhf-vs-rlaif.ts'

const id = z.string().min(1).max(64)

export const experimentsRouter = createTRPCRouter({
  rlhfVsRlaifData: researcherProcedure.input(z.object({ projectId: id, aiJudgeName: z.string().trim().min(1).max(120).default('gpt-3.5-turbo') }))
    .query(({ ctx, input }) => findPandalmImports(ctx.actor, input.projectId, input.aiJudgeName)),
  startRlhfVsRlaif: researcherProcedure.input(z.object({ projectId: id, config: rlhfVsRlaifConfigSchema }))
    .mutation(({ ctx, input }) => startRlhfVsRlaif(ctx.actor, input.projectId, input.config)),
})
