// Task: sample and score the offline baselines of contrastive PPO.
import { finishBaselineSet } from '../../server/services/policies/finish-baseline-set.ts'
import { prepareBaselines } from '../../server/services/policies/prepare-baselines.ts'
import type { Task } from '../run-job.ts'
import { runTrainerForJob } from '../trainer-process.ts'

export const baselinesTask: Task = async (ctx) => {
  const { set, workDir, config } = await prepareBaselines(ctx.jobId, ctx)
  const artefacts = await runTrainerForJob(ctx, 'baselines', config, workDir)
  await finishBaselineSet(set.id, ctx.jobId, artefacts.baselines)
}
