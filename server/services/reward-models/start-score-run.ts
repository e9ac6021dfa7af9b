// Starts scoring every pair of the project with an exported reward model: the ScoreRun row and its
// SCORE_PAIRS job in one transaction. While a run of this model is queued or running, that run is
// returned instead of a second one.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { findRewardModel } from './find-reward-model.ts'

export async function startScoreRun(actor: Actor, rewardModelId: string) {
  const rm = await findRewardModel(actor, rewardModelId)
  if (!rm.outputDir) throw new ServiceError('CONFLICT', `"${rm.name}" has no exported model yet: wait until its training succeeds`)
  return db.$transaction(async (tx) => {
    const active = await tx.scoreRun.findFirst({ where: { rewardModelId, job: { status: { in: ['QUEUED', 'RUNNING'] } } } })
    if (active) return active
    const job = await enqueueJob(tx, 'SCORE_PAIRS', { createdById: actor.id, projectId: rm.projectId })
    const run = await tx.scoreRun.create({ data: { rewardModelId, jobId: job.id } })
    await recordAudit(tx, { userId: actor.id, action: 'reward-model.score', entityType: 'RewardModel', entityId: rm.id, detail: { scoreRunId: run.id } })
    return run
  })
}
