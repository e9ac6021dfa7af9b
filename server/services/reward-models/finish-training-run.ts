// Second half of a TRAIN_RM job: record where the exported model lies and the headline metrics
// (the last value of each eval/export series and the mean training throughput).
import { db, Prisma } from '../../db/client.ts'
import { readLiveHeadlines } from './read-live-headlines.ts'

export async function finishTrainingRun(rewardModelId: string, jobId: string, artefacts: { onnxDir?: string; checkpointDir?: string }) {
  if (!artefacts.onnxDir) throw new Error('The trainer finished without exporting an ONNX model')
  const headlines = (await readLiveHeadlines([jobId])).get(jobId)
  const summary = { ...headlines, checkpointDir: artefacts.checkpointDir ?? null }
  await db.rewardModel.update({ where: { id: rewardModelId }, data: { outputDir: artefacts.onnxDir, summary: summary as Prisma.InputJsonValue } })
  return summary
}
