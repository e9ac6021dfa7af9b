// Starts an SER run in one transaction: the run, its seed reward model (an existing one, or a new
// one trained on a share of the human labels), the reference model on 100% of the human labels with
// the same settings, round 1's SER_ROUND job (chained after the seed's training when that is still
// running) and, in experiment mode, the pool pairs whose human labels the run holds back.
import { db, type Prisma } from '../../db/client.ts'
import { assertStaff, type Actor } from '../../lib/actor.ts'
import { badRequest, forbidden, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { findRewardModel } from '../reward-models/find-reward-model.ts'
import { startRewardModelTraining } from '../reward-models/start-reward-model-training.ts'
import { rewardModelConfigSchema, type RewardModelConfig } from '../reward-models/training-config.ts'
import { SER_STAFF_ONLY } from './find-ser-run.ts'
import { listPool } from './list-pool.ts'
import { serConfigSchema, type SerConfig } from './ser-config.ts'

async function seedOf(actor: Actor, projectId: string, cfg: SerConfig): Promise<{ existing: { id: string; jobId: string; outputDir: string | null } | null; config: RewardModelConfig }> {
  if (cfg.seed.kind === 'train') {
    return { existing: null, config: rewardModelConfigSchema.parse({ ...cfg.seed.training, name: `${cfg.name} · seed (${Math.round(100 * cfg.seed.humanShare)}% human)`, sources: ['HUMAN'], humanShare: cfg.seed.humanShare }) }
  }
  const rm = await findRewardModel(actor, cfg.seed.rewardModelId)
  if (rm.projectId !== projectId) throw badRequest('The seed reward model must be one of this project')
  const job = await db.job.findUniqueOrThrow({ where: { id: rm.jobId }, select: { status: true } })
  if (['FAILED', 'CANCELLED'].includes(job.status)) throw new ServiceError('CONFLICT', `"${rm.name}" did not finish training: choose another seed or train one`)
  return { existing: rm, config: rewardModelConfigSchema.parse(rm.config) }
}

export async function startSerRun(actor: Actor, projectId: string, input: SerConfig) {
  assertStaff(actor, SER_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const cfg = serConfigSchema.parse(input)
  if (cfg.autoApprove && actor.role !== 'ADMIN') throw forbidden('Only an admin may start a run whose batches are approved without review')
  const seed = await seedOf(actor, projectId, cfg)
  const pool = await listPool(projectId, null, seed.config)
  if (pool.length === 0) throw badRequest('The pool is empty: every pair of this project is held out or trains the seed with its human label')
  const held = cfg.experiment ? pool.filter((p) => p.humanChoices.length > 0) : []
  if (cfg.experiment && held.length === 0) throw badRequest('Experiment mode needs pool pairs with human labels to hold back: this pool has none')
  return db.$transaction(async (tx) => {
    if (await tx.serRun.findUnique({ where: { projectId_name: { projectId, name: cfg.name } } })) throw new ServiceError('CONFLICT', `This project already has a self-evolution run named "${cfg.name}"`)
    const seedRm = seed.existing ?? await startRewardModelTraining(tx, actor.id, projectId, seed.config)
    const reference = await startRewardModelTraining(tx, actor.id, projectId, { ...seed.config, name: `${cfg.name} · reference (100% human)`, sources: ['HUMAN'], humanShare: 1, serRunId: undefined })
    const run = await tx.serRun.create({
      data: { projectId, name: cfg.name, config: cfg as Prisma.InputJsonValue, experiment: cfg.experiment, autoApprove: cfg.autoApprove, referenceRewardModelId: reference.id, createdById: actor.id },
    })
    const after = seedRm.outputDir ? null : { jobId: seedRm.jobId, phase: 'waiting for the seed reward model' }
    const job = await enqueueJob(tx, 'SER_ROUND', { createdById: actor.id, projectId, after })
    await tx.serRound.create({ data: { runId: run.id, round: 1, rewardModelId: seedRm.id, jobId: job.id } })
    if (held.length) await tx.serHeldPair.createMany({ data: held.map((p) => ({ runId: run.id, pairId: p.id })) })
    await recordAudit(tx, { userId: actor.id, action: 'ser.start', entityType: 'SerRun', entityId: run.id, detail: { name: cfg.name, experiment: cfg.experiment, autoApprove: cfg.autoApprove, pool: pool.length, held: held.length } })
    return run
  }, { timeout: 60_000 })
}
