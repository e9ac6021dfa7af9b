// AI judges (RLAIF): configure a project's judges (the API key goes in, never out; server keys are
// listed by name only), run one over the project's pairs as a background job, and read how it
// agrees with the human majority. Researchers and admins only; services check project access.
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { listJudges } from '../../services/judges/list-judges.ts'
import { getJudge } from '../../services/judges/get-judge.ts'
import { createJudge, createJudgeSchema } from '../../services/judges/create-judge.ts'
import { updateJudge, updateJudgeSchema } from '../../services/judges/update-judge.ts'
import { startJudgeRun, startJudgeRunSchema } from '../../services/judges/start-judge-run.ts'
import { getJudgeDashboard } from '../../services/judges/get-judge-dashboard.ts'
import { listJudgeKeyRefs } from '../../services/judges/list-judge-key-refs.ts'

const id = z.string().min(1).max(64)

export const judgesRouter = createTRPCRouter({
  list: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listJudges(ctx.actor, input.projectId)),
  get: researcherProcedure.input(z.object({ judgeId: id })).query(({ ctx, input }) => getJudge(ctx.actor, input.judgeId)),
  create: researcherProcedure.input(createJudgeSchema).mutation(({ ctx, input }) => createJudge(ctx.actor, input)),
  update: researcherProcedure.input(updateJudgeSchema).mutation(({ ctx, input }) => updateJudge(ctx.actor, input)),
  startRun: researcherProcedure.input(startJudgeRunSchema).mutation(({ ctx, input }) => startJudgeRun(ctx.actor, input)),
  dashboard: researcherProcedure
    .input(z.object({ projectId: id, raterKey: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => getJudgeDashboard(ctx.actor, input.projectId, input.raterKey)),
  keyRefs: researcherProcedure.query(({ ctx }) => listJudgeKeyRefs(ctx.actor)),
})
