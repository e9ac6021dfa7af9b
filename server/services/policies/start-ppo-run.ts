// Starts a PPO run: the Policy row and its PPO job, and for contrastive rewards the baselines it
// needs (reused when a set with the same key exists), in one transaction. The job is chained after
// whatever of its inputs is still training (the SFT policy, the reward model, the baselines), so a
// run can be started before they finish. d-RLAIF runs record their judge with a snapshot of its
// version and config (later edits of the judge do not change a run).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectImports } from '../imports/assert-project-imports.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { pendingInputs } from '../jobs/pending-inputs.ts'
import { findJudge } from '../judges/find-judge.ts'
import { findRewardModel } from '../reward-models/find-reward-model.ts'
import { baselineKey, ensureBaselineSet } from './ensure-baseline-set.ts'
import { findPolicy } from './find-policy.ts'
import { ppoConfigSchema, valueInit, type PpoConfig } from './policy-config.ts'
import { writePromptSet } from './write-prompt-set.ts'

async function rewardModelFor(actor: Actor, projectId: string, cfg: PpoConfig, parent: { baseModelId: string | null }) {
  if (!cfg.rewardModelId) {
    if (valueInit(cfg) === 'reward_model') throw badRequest('The value model can start from the reward model only when the run has one: choose a reward model, or set ppo.value_init to "policy"')
    return null
  }
  const rm = await findRewardModel(actor, cfg.rewardModelId)
  if (rm.projectId !== projectId) throw badRequest('The reward model must be one of this project')
  if (!rm.outputDir && ['FAILED', 'CANCELLED'].includes(rm.job.status)) throw new ServiceError('CONFLICT', `"${rm.name}" did not finish training: train it again first`)
  if (valueInit(cfg) === 'reward_model' && rm.baseModelId !== parent.baseModelId) {
    throw badRequest('The value model starts from the reward model only when both come from the same base model (the same tokenizer): choose a reward model on the policy\'s base model, or set ppo.value_init to "policy"')
  }
  return rm
}

async function judgeFor(actor: Actor, projectId: string, cfg: PpoConfig) {
  if (cfg.rewardMode !== 'drlaif') return null
  const judge = await findJudge(actor, cfg.judgeId!)
  if (judge.projectId !== projectId) throw badRequest('The AI judge must be one of this project')
  return judge
}

export async function startPpoRun(actor: Actor, projectId: string, input: PpoConfig) {
  const cfg = ppoConfigSchema.parse(input)
  const parent = await findPolicy(actor, cfg.policyId)
  if (parent.projectId !== projectId || parent.kind !== 'SFT') throw badRequest('PPO starts from an SFT policy of this project')
  if (['FAILED', 'CANCELLED'].includes(parent.job.status)) throw new ServiceError('CONFLICT', `The SFT policy "${parent.name}" did not finish: train it again first`)
  const rm = await rewardModelFor(actor, projectId, cfg, parent)
  const judge = await judgeFor(actor, projectId, cfg)
  await assertProjectImports(projectId, cfg.split.importIds)
  const prompts = await writePromptSet(projectId, cfg.split, null, cfg.trainPrompts)
  if (!prompts.train) throw badRequest('This project has no prompts to train on')
  return db.$transaction(async (tx) => {
    if (await tx.policy.findUnique({ where: { projectId_name: { projectId, name: cfg.name } } })) {
      throw new ServiceError('CONFLICT', `This project already has a policy named "${cfg.name}"`)
    }
    const baselines = cfg.rewardMode === 'contrastive' && rm
      ? await ensureBaselineSet(tx, { projectId, actorId: actor.id, policy: parent, rewardModel: rm, key: baselineKey(parent.id, rm.id, prompts.trainDigest, cfg), cfg })
      : null
    const after = pendingInputs([
      { name: 'the SFT policy', jobId: parent.jobId, done: parent.outputDir !== null },
      { name: 'the reward model', jobId: rm?.jobId ?? null, done: !rm || rm.outputDir !== null },
      { name: 'the baseline samples', jobId: baselines?.jobId ?? null, done: !baselines || baselines.job.status === 'SUCCEEDED' },
    ])
    const job = await enqueueJob(tx, 'PPO', { createdById: actor.id, projectId, after })
    const policy = await tx.policy.create({
      data: {
        projectId, kind: 'PPO', name: cfg.name, parentId: parent.id, rewardModelId: rm?.id ?? null, baselineSetId: baselines?.id ?? null, jobId: job.id, config: cfg, createdById: actor.id,
        ...(judge ? { judgeId: judge.id, judgeVersion: judge.version, judgeConfig: judge.config ?? {} } : {}),
      },
    })
    await recordAudit(tx, { userId: actor.id, action: 'policy.ppo', entityType: 'Policy', entityId: policy.id, detail: { name: cfg.name, rewardMode: cfg.rewardMode, judgeId: judge?.id ?? null, baselinesReused: baselines?.job.status === 'SUCCEEDED' } })
    return policy
  })
}
