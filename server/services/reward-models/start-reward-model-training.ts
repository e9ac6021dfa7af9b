// The rows of one reward-model training run inside the caller's transaction: the base model (and its
// pretraining job when needed), the TRAIN_RM job chained after it, the RewardModel row under a free
// name, the audit entry. Used by "Train reward model" and by SER (seed, reference and round models).
import type { Prisma } from '../../db/client.ts'
import { freeName } from '../../lib/model-names.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectImports } from '../imports/assert-project-imports.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { ensureBaseModel } from './ensure-base-model.ts'
import type { RewardModelConfig } from './training-config.ts'

export async function startRewardModelTraining(tx: Prisma.TransactionClient, actorId: string, projectId: string, config: RewardModelConfig) {
  await assertProjectImports(projectId, config.scope.importIds, tx)
  const base = await ensureBaseModel(tx, actorId, config.base)
  // Chained after the base model's pretraining when it is still running: started by its end.
  const after = base.path || !base.jobId ? null : { jobId: base.jobId, phase: 'waiting for the base model to finish pretraining' }
  const job = await enqueueJob(tx, 'TRAIN_RM', { createdById: actorId, projectId, after })
  const similar = await tx.rewardModel.findMany({ where: { projectId, name: { startsWith: config.name } }, select: { name: true } })
  const name = freeName(config.name, similar.map((m) => m.name))
  const rm = await tx.rewardModel.create({ data: { projectId, name, baseModelId: base.id, jobId: job.id, config, createdById: actorId } })
  await recordAudit(tx, { userId: actorId, action: 'reward-model.train', entityType: 'RewardModel', entityId: rm.id, detail: { name } })
  return rm
}
