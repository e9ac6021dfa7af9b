// One reward model for its run page: settings, base model (and its pretraining job), the training
// job, headline metrics, the latest reward histogram, the latest scoring run and how many pairs
// have scores, and which of its folders can be downloaded. The job's live progress, metrics and logs come from jobs.progress.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { findRewardModel } from './find-reward-model.ts'
import { archiveFolder } from './open-model-archive.ts'
import { readLiveHeadlines } from './read-live-headlines.ts'
import { readRewardHistogram } from './read-reward-histogram.ts'
import { jobViewSelect, rewardModelViewSelect, toRewardModelView } from './reward-model-view.ts'

export async function getRewardModel(actor: Actor, rewardModelId: string) {
  await findRewardModel(actor, rewardModelId)
  const row = await db.rewardModel.findUniqueOrThrow({ where: { id: rewardModelId }, select: rewardModelViewSelect })
  const live = row.summary === null ? (await readLiveHeadlines([row.job.id])).get(row.job.id) : undefined
  const [pretrainJob, scoreRun, scoredPairs, pairCount, histogram] = await Promise.all([
    db.job.findFirst({ where: { baseModel: { id: row.baseModel.id } }, select: jobViewSelect }),
    db.scoreRun.findFirst({
      where: { rewardModelId }, orderBy: { createdAt: 'desc' },
      select: { id: true, pairsScored: true, createdAt: true, job: { select: jobViewSelect } },
    }),
    db.pairScore.count({ where: { rewardModelId } }),
    db.pair.count({ where: { projectId: row.projectId } }),
    readRewardHistogram(row.job.id),
  ])
  /** Which folders can be downloaded (open-model-archive.ts): they exist, inside the models folder. */
  const downloads = { onnx: archiveFolder(row, 'onnx') !== null, checkpoint: archiveFolder(row, 'checkpoint') !== null }
  return { ...toRewardModelView(row, live), pretrainJob, scoreRun, scoredPairs, pairCount, histogram, downloads }
}
