// Finds or creates the baselines a contrastive PPO run subtracts: k responses per train prompt from
// the SFT policy, scored by the reward model. Keyed by everything that shapes them (the policy, the
// reward model, the train prompts, k and the sampling settings), so a second run with the same ones
// reuses them and a change makes new ones; never recomputed silently. Chained after the SFT policy's
// and the reward model's training while they run.
import crypto from 'node:crypto'
import type { Prisma } from '../../db/client.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { pendingInputs } from '../jobs/pending-inputs.ts'
import type { PpoConfig } from './policy-config.ts'

/** The trainer's sampling settings that shape baselines (the PPO run's own generate.* overrides). */
const SAMPLING_KEYS = ['generate.max_prompt_tokens', 'generate.max_new_tokens', 'generate.temperature', 'generate.top_p']

export function baselineKey(policyId: string, rewardModelId: string, trainDigest: string, cfg: PpoConfig) {
  const sampling = Object.fromEntries(SAMPLING_KEYS.map((k) => [k, cfg.trainer[k] ?? null]))
  return crypto.createHash('sha256').update(JSON.stringify({ policyId, rewardModelId, trainDigest, k: cfg.k, seed: cfg.split.seed, sampling })).digest('hex')
}

type Trained = { id: string; jobId: string; outputDir: string | null }
type Args = { projectId: string; actorId: string; policy: Trained; rewardModel: Trained; key: string; cfg: PpoConfig }

export async function ensureBaselineSet(tx: Prisma.TransactionClient, a: Args) {
  const existing = await tx.baselineSet.findUnique({ where: { key: a.key }, include: { job: { select: { status: true } } } })
  if (existing && !['FAILED', 'CANCELLED'].includes(existing.job.status)) return existing
  const after = pendingInputs([
    { name: 'the SFT policy', jobId: a.policy.jobId, done: a.policy.outputDir !== null },
    { name: 'the reward model', jobId: a.rewardModel.jobId, done: a.rewardModel.outputDir !== null },
  ])
  const job = await enqueueJob(tx, 'BASELINES', { createdById: a.actorId, projectId: a.projectId, after })
  const config = { k: a.cfg.k, split: a.cfg.split, trainPrompts: a.cfg.trainPrompts, sampling: Object.fromEntries(SAMPLING_KEYS.filter((k) => k in a.cfg.trainer).map((k) => [k, a.cfg.trainer[k]])) }
  if (existing) return tx.baselineSet.update({ where: { id: existing.id }, data: { jobId: job.id, path: null, stats: undefined }, include: { job: { select: { status: true } } } })
  return tx.baselineSet.create({
    data: { projectId: a.projectId, policyId: a.policy.id, rewardModelId: a.rewardModel.id, key: a.key, config, jobId: job.id, createdById: a.actorId },
    include: { job: { select: { status: true } } },
  })
}
