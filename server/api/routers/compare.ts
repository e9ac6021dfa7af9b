// Compare runs: the project's policy runs with their label-source tags, and one comparison of the
// picked runs (curves, configuration diff, side-by-side samples). Researchers and admins only;
// services check project access.
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { getRunComparison, MAX_COMPARED_RUNS } from '../../services/compare/get-run-comparison.ts'
import { listComparableRuns } from '../../services/compare/list-comparable-runs.ts'

const id = z.string().min(1).max(64)

export const compareRouter = createTRPCRouter({
  runs: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listComparableRuns(ctx.actor, input.projectId)),
  get: researcherProcedure.input(z.object({ projectId: id, policyIds: z.array(id).min(1).max(MAX_COMPARED_RUNS) }))
    .query(({ ctx, input }) => getRunComparison(ctx.actor, input)),
})
