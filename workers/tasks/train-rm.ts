// Task: train a reward model (write pairs, run the trainer, record results).
import { finishTrainingRun } from '../../server/services/reward-models/finish-training-run.ts'
import { prepareTrainingRun } from '../../server/services/reward-models/prepare-training-run.ts'
import type { Task } from '../run-job.ts'
import { runTrainerForJob } from '../trainer-process.ts'

export const trainRmTask: Task = async (ctx) => {
  const { rm, workDir, config } = await prepareTrainingRun(ctx.jobId, ctx)
  const artefacts = await runTrainerForJob(ctx, 'train-rm', config, workDir)
  await finishTrainingRun(rm.id, ctx.jobId, { onnxDir: artefacts.onnx_model, checkpointDir: artefacts.checkpoint })
}
