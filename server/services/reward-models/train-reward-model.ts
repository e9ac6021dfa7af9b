// Starts training a reward model on a project's labels: the RewardModel row, its TRAIN_RM job
// and, when needed, the base model's pretraining job (the training job chained after it), all in
// one transaction. Names are unique in a project: a taken one becomes "name (2)" (the run page shows it).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { freeName } from '../../lib/model-names.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { ensureBaseModel } from './ensure-base-model.ts'
import type { RewardModelConfig } from './training-config.ts'

export async function trainRewardModel(actor: Actor, projectId: string, config: RewardModelConfig) {
  await assertProjectAccess(actor, projectId)
  return db.$transaction(async (tx) => {
    const base = await ensureBaseModel(tx, actor.id, config.base)
    // Chained after the base model's pretraining when it is still running: started by its end.
    const after = base.path || !base.jobId ? null : { jobId: base.jobId, phase: 'waiting for the base model to finish pretraining' }
    const job = await enqueueJob(tx, 'TRAIN_RM', { createdById: actor.id, projectId, after })
    const similar = await tx.rewardModel.findMany({ where: { projectId, name: { startsWith: config.name } }, select: { name: true } })
    const name = freeName(config.name, similar.map((m) => m.name))
    const rm = await tx.rewardModel.create({
      data: { projectId, name, baseModelId: base.id, jobId: job.id, config, createdById: actor.id },
    })
    await recordAudit(tx, { userId: actor.id, action: 'reward-model.train', entityType: 'RewardModel', entityId: rm.id, detail: { name } })
    return rm
  })
}
