// Task: pretrain a built-in base model from scratch on the shipped text (cached by the trainer).
import { db } from '../../server/db/client.ts'
import { pretrainConfig } from '../../server/services/reward-models/trainer-config.ts'
import { finishPretrainRun } from '../../server/services/reward-models/finish-pretrain-run.ts'
import type { Task } from '../run-job.ts'
import { runTrainerForJob } from '../trainer-process.ts'

export const pretrainTask: Task = async (ctx) => {
  const base = await db.baseModel.findUniqueOrThrow({ where: { jobId: ctx.jobId } })
  const config = pretrainConfig(base.ref)
  const artefacts = await runTrainerForJob(ctx, 'pretrain', config, config.out_dir)
  await finishPretrainRun(ctx.jobId, artefacts.pretrained_model)
}
