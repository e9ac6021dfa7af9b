// Starts training a reward model on a project's labels: the RewardModel row, its TRAIN_RM job
// and, when needed, the base model's pretraining job (the training job chained after it), all in
// one transaction. Names are unique in a project: a taken one becomes "name (2)" (the run page shows it).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { startRewardModelTraining } from './start-reward-model-training.ts'
import type { RewardModelConfig } from './training-config.ts'

export async function trainRewardModel(actor: Actor, projectId: string, config: RewardModelConfig) {
  await assertProjectAccess(actor, projectId)
  return db.$transaction((tx) => startRewardModelTraining(tx, actor.id, projectId, config))
}
