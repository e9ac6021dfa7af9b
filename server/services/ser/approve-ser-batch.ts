// Approves a proposed self-label batch (admins; an auto-approving experiment run does it itself). In
// one transaction: the batch APPROVED with who and why, its self-labels become SELF labels, the next
// round's reward model is queued on human + all approved self-labels, and the next SER_ROUND job is
// chained after that training, so its end starts the round without anyone polling. Approving before
// the spot-check is complete needs an override reason. Audited.
import { db, type Prisma } from '../../db/client.ts'
import { removeSpotChecks } from '../annotation/blind-inserts.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, forbidden, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { startRewardModelTraining } from '../reward-models/start-reward-model-training.ts'
import { findSerBatch } from './find-ser-run.ts'
import { roundModelConfig, seedModelConfig } from './ser-run-settings.ts'
import { spotCheckProgress } from './spot-check-stats.ts'

type Decision = { userId: string; reason: string; override?: string | null; auto?: boolean }

export async function approveSerBatchInTx(tx: Prisma.TransactionClient, batchId: string, d: Decision) {
  await tx.$executeRaw`SELECT id FROM "SerBatch" WHERE id = ${batchId} FOR UPDATE`
  const batch = await tx.serBatch.findUniqueOrThrow({ where: { id: batchId }, include: { run: true, round: true } })
  if (batch.status !== 'PROPOSED') throw new ServiceError('CONFLICT', `This batch is already ${batch.status.toLowerCase()}`)
  if (batch.run.status !== 'ACTIVE') throw new ServiceError('CONFLICT', `The run is ${batch.run.status.toLowerCase()}: its batches can no longer be approved`)
  const items = await tx.serSelfLabel.findMany({ where: { batchId }, select: { pairId: true, choice: true } })
  for (let i = 0; i < items.length; i += 5000) {
    await tx.label.createMany({
      data: items.slice(i, i + 5000).map((s) => ({ pairId: s.pairId, projectId: batch.run.projectId, source: 'SELF' as const, choice: s.choice, raterKey: `ser:${batch.runId}`, raterName: `SER ${batch.run.name}, round ${batch.round.round}`, serBatchId: batchId })),
      skipDuplicates: true,
    })
  }
  const next = batch.round.round + 1
  const rm = await startRewardModelTraining(tx, d.userId, batch.run.projectId, roundModelConfig(await seedModelConfig(batch.runId), batch.run, next))
  const job = await enqueueJob(tx, 'SER_ROUND', { createdById: d.userId, projectId: batch.run.projectId, after: { jobId: rm.jobId, phase: `waiting for round ${next}'s reward model` } })
  await tx.serRound.create({ data: { runId: batch.runId, round: next, rewardModelId: rm.id, jobId: job.id } })
  await removeSpotChecks(tx, { serBatchId: batchId })
  await tx.serBatch.update({
    where: { id: batchId },
    data: { status: 'APPROVED', decidedById: d.userId, decidedAt: new Date(), decisionReason: d.reason, overrideReason: d.override ?? null, autoApproved: d.auto ?? false, nextRewardModelId: rm.id },
  })
  await recordAudit(tx, { userId: d.userId, action: d.auto ? 'ser.batch.auto-approve' : 'ser.batch.approve', entityType: 'SerBatch', entityId: batchId, detail: { run: batch.run.name, round: batch.round.round, size: items.length, reason: d.reason, override: d.override ?? null } })
  return { batchId, nextRewardModelId: rm.id, nextRoundJobId: job.id }
}

export async function approveSerBatch(actor: Actor, batchId: string, input: { reason: string; override?: string }) {
  const batch = await findSerBatch(actor, batchId)
  if (actor.role !== 'ADMIN') throw forbidden('Only admins approve self-label batches')
  if (batch.status !== 'PROPOSED') throw new ServiceError('CONFLICT', `This batch is already ${batch.status.toLowerCase()}`)
  const progress = await spotCheckProgress(batch.id)
  const override = input.override?.trim() || null
  if (progress.answered < progress.size && !override) {
    throw badRequest(`The spot-check is not complete (${progress.answered} of ${progress.size} answered): give a reason to approve without waiting`)
  }
  return db.$transaction((tx) => approveSerBatchInTx(tx, batchId, { userId: actor.id, reason: input.reason.trim(), override: progress.answered < progress.size ? override : null }), { timeout: 120_000 })
}
