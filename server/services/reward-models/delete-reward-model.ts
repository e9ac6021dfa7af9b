// Deletes a reward model with everything that is only its own: its pair scores, score runs, benchmark
// evaluations (and their rewards), stored held-out split, its jobs (training, scoring, evaluations:
// their logs, metrics and artefacts) and its folder on disk (checkpoints, ONNX export, pairs file).
// Refused while any of those jobs, or a PPO run or baseline sampling that uses the model, is queued or
// running: cancel it first. Finished PPO runs keep their results (their reward model shows as deleted);
// the baseline sets it scored go with it. Audited with what went.
import fs from 'node:fs'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { rewardModelDir } from '../../lib/paths.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { findRewardModel } from './find-reward-model.ts'

const KIND_TEXT: Record<string, string> = { TRAIN_RM: 'training', SCORE_PAIRS: 'scoring', EVAL_RM: 'benchmark evaluation', PPO: 'PPO', BASELINES: 'baseline sampling' }

export async function deleteRewardModel(actor: Actor, rewardModelId: string) {
  const rm = await findRewardModel(actor, rewardModelId)
  const gone = await db.$transaction(async (tx) => {
    // Locks the row: a scoring or evaluation started meanwhile waits for this transaction, then finds no model.
    await tx.$executeRaw`SELECT id FROM "RewardModel" WHERE id = ${rm.id} FOR UPDATE`
    const [scoreRuns, evaluations, pairScores, users] = await Promise.all([
      tx.scoreRun.findMany({ where: { rewardModelId: rm.id }, select: { jobId: true } }),
      tx.benchmarkEvaluation.findMany({ where: { rewardModelId: rm.id }, select: { jobId: true } }),
      tx.pairScore.count({ where: { rewardModelId: rm.id } }),
      Promise.all([tx.policy.findMany({ where: { rewardModelId: rm.id }, select: { jobId: true } }), tx.baselineSet.findMany({ where: { rewardModelId: rm.id }, select: { jobId: true } })]),
    ])
    // A round's model is part of its SER run's record (the run page charts it): the run keeps it.
    const round = await tx.serRound.findFirst({ where: { rewardModelId: rm.id }, select: { round: true, run: { select: { name: true } } } })
    if (round) throw new ServiceError('CONFLICT', `"${rm.name}" is round ${round.round} of the self-evolution run "${round.run.name}": the run keeps its models`)
    const jobIds = [rm.jobId, ...scoreRuns.map((r) => r.jobId), ...evaluations.map((e) => e.jobId)]
    const usedBy = users.flat().map((u) => u.jobId)
    const active = await tx.job.findFirst({ where: { id: { in: [...jobIds, ...usedBy] }, status: { in: ['QUEUED', 'RUNNING'] } }, select: { kind: true, status: true } })
    if (active) throw new ServiceError('CONFLICT', `"${rm.name}" has a ${KIND_TEXT[active.kind] ?? active.kind} job that is ${active.status.toLowerCase()}: cancel it first`)
    await tx.rewardModel.delete({ where: { id: rm.id } }) // scores, score runs, evaluations, held-out split cascade
    await tx.job.deleteMany({ where: { id: { in: jobIds } } }) // their logs, metrics and artefacts cascade
    const detail = { name: rm.name, projectId: rm.projectId, pairScores, scoreRuns: scoreRuns.length, evaluations: evaluations.length }
    await recordAudit(tx, { userId: actor.id, action: 'reward-model.delete', entityType: 'RewardModel', entityId: rm.id, detail })
    return detail
  })
  // After the commit: a refused or failed delete keeps its files. The folder is the model's own
  // (its id), so rows sharing another model's export (tests, copies) never remove that one.
  await fs.promises.rm(rewardModelDir(rm.id), { recursive: true, force: true })
  return { id: rm.id, ...gone }
}
