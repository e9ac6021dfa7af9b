// Second half of a TRAIN_RM job: record where the exported model lies and the headline metrics
// (the last value of each eval/export series and the mean training throughput).
import { db, Prisma } from '../../db/client.ts'

const HEADLINE = ['eval/accuracy', 'eval/loss', 'eval/ece', 'export/parity_max_abs_diff']

export async function finishTrainingRun(rewardModelId: string, jobId: string, artefacts: { onnxDir?: string; checkpointDir?: string }) {
  if (!artefacts.onnxDir) throw new Error('The trainer finished without exporting an ONNX model')
  const last = await Promise.all(HEADLINE.map((name) => db.jobMetric.findFirst({ where: { jobId, name }, orderBy: { step: 'desc' } })))
  const tps = await db.jobMetric.aggregate({ where: { jobId, name: 'train/tokens_per_second' }, _avg: { value: true } })
  const summary: Record<string, number | string | null> = Object.fromEntries(HEADLINE.map((n, i) => [n, last[i]?.value ?? null]))
  summary['train/tokens_per_second'] = tps._avg.value
  summary.checkpointDir = artefacts.checkpointDir ?? null
  await db.rewardModel.update({ where: { id: rewardModelId }, data: { outputDir: artefacts.onnxDir, summary: summary as Prisma.InputJsonValue } })
  return summary
}
