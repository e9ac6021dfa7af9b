// Records the folder a PRETRAIN_LM job produced, making the built-in base model usable.
import { db } from '../../db/client.ts'

export async function finishPretrainRun(jobId: string, modelDir: string | undefined) {
  if (!modelDir) throw new Error('Pretraining finished without a model folder')
  await db.baseModel.update({ where: { jobId }, data: { path: modelDir } })
}
