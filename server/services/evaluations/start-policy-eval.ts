// Starts a policy evaluation: checks the policies, the judges and the held-out reward model, then
// creates the PolicyEval row, its policies and its POLICY_EVAL job in one transaction. The job waits
// for any policy or reward model still training. The judges' configs are copied as they are now, so
// a later edit of a judge does not change this evaluation.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectImports } from '../imports/assert-project-imports.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { pendingInputs, type JobInput } from '../jobs/pending-inputs.ts'
import { findJudge } from '../judges/find-judge.ts'
import { findPolicy } from '../policies/find-policy.ts'
import { writePromptSet } from '../policies/write-prompt-set.ts'
import { findRewardModel } from '../reward-models/find-reward-model.ts'
import { policyEvalConfigSchema, type PolicyEvalConfigInput } from './policy-eval-config.ts'

async function projectJudge(actor: Actor, projectId: string, judgeId: string | null) {
  if (!judgeId) return null
  const judge = await findJudge(actor, judgeId)
  if (judge.projectId !== projectId) throw badRequest('The judge must be one of this project')
  return { judgeId: judge.id, version: judge.version, config: judge.config }
}

export async function startPolicyEval(actor: Actor, projectId: string, input: PolicyEvalConfigInput) {
  const cfg = policyEvalConfigSchema.parse(input)
  const policies = []
  const inputs: JobInput[] = []
  for (const policyId of cfg.policyIds) {
    const p = await findPolicy(actor, policyId)
    if (p.projectId !== projectId) throw badRequest('Every policy must be one of this project')
    if (['FAILED', 'CANCELLED'].includes(p.job.status)) throw new ServiceError('CONFLICT', `"${p.name}" did not finish training: train it again first`)
    policies.push(p)
    inputs.push({ name: `"${p.name}"`, jobId: p.jobId, done: p.job.status === 'SUCCEEDED' && p.outputDir !== null })
  }
  const judge = await projectJudge(actor, projectId, cfg.judgeId)
  const harmJudge = await projectJudge(actor, projectId, cfg.harmJudgeId)
  if (cfg.rewardModelId) {
    const rm = await findRewardModel(actor, cfg.rewardModelId)
    if (rm.projectId !== projectId) throw badRequest('The held-out reward model must be one of this project')
    if (!rm.outputDir && ['FAILED', 'CANCELLED'].includes(rm.job.status)) throw new ServiceError('CONFLICT', `"${rm.name}" did not finish training: train it again first`)
    inputs.push({ name: `"${rm.name}"`, jobId: rm.jobId, done: rm.outputDir !== null })
    const trainedOn = policies.find((p) => p.rewardModelId === rm.id)
    if (trainedOn) throw badRequest(`"${rm.name}" is the reward model "${trainedOn.name}" was trained against: a held-out reward model must be another one`)
  }
  await assertProjectImports(projectId, cfg.split.importIds)
  const prompts = await writePromptSet(projectId, cfg.split, null)
  if (!prompts.eval) throw badRequest('This project has no evaluation prompts under this split')
  return db.$transaction(async (tx) => {
    if (await tx.policyEval.findUnique({ where: { projectId_name: { projectId, name: cfg.name } } })) {
      throw new ServiceError('CONFLICT', `This project already has an evaluation named "${cfg.name}"`)
    }
    const job = await enqueueJob(tx, 'POLICY_EVAL', { createdById: actor.id, projectId, after: pendingInputs(inputs) })
    const row = await tx.policyEval.create({
      data: {
        projectId, name: cfg.name, jobId: job.id, judgeId: cfg.judgeId, harmJudgeId: cfg.harmJudgeId, rewardModelId: cfg.rewardModelId,
        config: { ...cfg, judge, harmJudge, evalPromptsAvailable: prompts.eval }, createdById: actor.id,
        policies: { create: cfg.policyIds.map((policyId, position) => ({ policyId, position })) },
      },
    })
    await recordAudit(tx, { userId: actor.id, action: 'policy-eval.start', entityType: 'PolicyEval', entityId: row.id, detail: { name: cfg.name, policies: cfg.policyIds.length } })
    return row
  })
}
