// Starts evaluating an exported reward model on a benchmark set: one BenchmarkEvaluation per (model,
// set), pointed at a new EVAL_RM job in the same transaction. While one is queued or running it is
// returned instead; a finished one keeps its results until the new job replaces them (its rewards
// stay valid, so the new job scores only pairs without one).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { findRewardModel } from '../reward-models/find-reward-model.ts'
import { findBenchmarkSet } from './find-benchmark-set.ts'

export async function startBenchmarkEvaluation(actor: Actor, input: { rewardModelId: string; setId: string }) {
  const rm = await findRewardModel(actor, input.rewardModelId)
  if (!rm.outputDir) throw new ServiceError('CONFLICT', `"${rm.name}" has no exported model yet: wait until its training succeeds`)
  const set = await findBenchmarkSet(actor, input.setId)
  return db.$transaction(async (tx) => {
    const key = { rewardModelId_setId: { rewardModelId: rm.id, setId: set.id } }
    const existing = await tx.benchmarkEvaluation.findUnique({ where: key, include: { job: { select: { status: true } } } })
    if (existing && (existing.job.status === 'QUEUED' || existing.job.status === 'RUNNING')) return existing
    const job = await enqueueJob(tx, 'EVAL_RM', { createdById: actor.id, projectId: rm.projectId })
    const evaluation = existing
      ? await tx.benchmarkEvaluation.update({ where: { id: existing.id }, data: { jobId: job.id } })
      : await tx.benchmarkEvaluation.create({ data: { rewardModelId: rm.id, setId: set.id, jobId: job.id } })
    // The finished job it replaces: the evaluation keeps one job, its latest.
    if (existing) await tx.job.delete({ where: { id: existing.jobId } })
    await recordAudit(tx, {
      userId: actor.id, action: 'reward-model.evaluate', entityType: 'RewardModel', entityId: rm.id,
      detail: { setId: set.id, setName: set.name, evaluationId: evaluation.id },
    })
    return evaluation
  })
}
