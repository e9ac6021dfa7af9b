// Reward models: list and inspect a project's models, train one, score every pair with it, try it
// in the playground, compare two, rename or delete one, and list base models. Researchers and admins
// only. Downloads of a model's folders are a route handler (app/api/reward-models/[id]/download).
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { rewardModelConfigSchema } from '../../services/reward-models/training-config.ts'
import { listRewardModels } from '../../services/reward-models/list-reward-models.ts'
import { getRewardModel } from '../../services/reward-models/get-reward-model.ts'
import { trainRewardModel } from '../../services/reward-models/train-reward-model.ts'
import { startScoreRun } from '../../services/reward-models/start-score-run.ts'
import { listPairScores } from '../../services/reward-models/list-pair-scores.ts'
import { scorePlayground } from '../../services/reward-models/score-playground.ts'
import { compareRewardModels } from '../../services/reward-models/compare-reward-models.ts'
import { listTrainerSettings } from '../../services/reward-models/list-trainer-settings.ts'
import { listBaseModels } from '../../services/reward-models/list-base-models.ts'
import { renameRewardModel } from '../../services/reward-models/rename-reward-model.ts'
import { deleteRewardModel } from '../../services/reward-models/delete-reward-model.ts'

const id = z.string().min(1).max(64)
/** Playground texts: about 4k tokens each, far past any model's max_length, small for a request. */
const text = (max: number) => z.string().max(max)

export const rewardModelsRouter = createTRPCRouter({
  list: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listRewardModels(ctx.actor, input.projectId)),
  get: researcherProcedure.input(z.object({ rewardModelId: id })).query(({ ctx, input }) => getRewardModel(ctx.actor, input.rewardModelId)),
  train: researcherProcedure
    .input(z.object({ projectId: id, config: rewardModelConfigSchema }))
    .mutation(({ ctx, input }) => trainRewardModel(ctx.actor, input.projectId, input.config)),
  startScoring: researcherProcedure.input(z.object({ rewardModelId: id })).mutation(({ ctx, input }) => startScoreRun(ctx.actor, input.rewardModelId)),
  scores: researcherProcedure
    .input(z.object({ rewardModelId: id, page: z.number().int().min(1).max(100_000).default(1) }))
    .query(({ ctx, input }) => listPairScores(ctx.actor, input.rewardModelId, input.page)),
  playground: researcherProcedure
    .input(z.object({ rewardModelId: id, prompt: text(16_000), responseA: text(16_000).min(1), responseB: text(16_000).min(1) }))
    .mutation(({ ctx, input }) => scorePlayground(ctx.actor, input)),
  compare: researcherProcedure.input(z.object({ a: id, b: id })).query(({ ctx, input }) => compareRewardModels(ctx.actor, input.a, input.b)),
  rename: researcherProcedure
    .input(z.object({ rewardModelId: id, name: rewardModelConfigSchema.shape.name }))
    .mutation(({ ctx, input }) => renameRewardModel(ctx.actor, input.rewardModelId, input.name)),
  delete: researcherProcedure.input(z.object({ rewardModelId: id })).mutation(({ ctx, input }) => deleteRewardModel(ctx.actor, input.rewardModelId)),
  baseModels: researcherProcedure.query(({ ctx }) => listBaseModels(ctx.actor)),
  trainerSettings: researcherProcedure
    .input(z.object({ command: z.enum(['train-rm', 'sft', 'ppo', 'baselines', 'policy-eval']).default('train-rm') }).default({ command: 'train-rm' }))
    .query(({ ctx, input }) => listTrainerSettings(ctx.actor, input.command)),
})
