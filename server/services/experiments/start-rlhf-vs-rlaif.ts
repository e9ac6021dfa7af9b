// Starts the "RLHF vs RLAIF" preset in one click: on the project's PandaLM pairs, a reward model on
// the human labels (RM human: the three annotators' majority) and one on the AI judge's labels
// (RM AI) from the same part of the pairs, a held-out reward model on the rest, one SFT policy, a
// PPO run against each of the two reward models, and an evaluation of the three policies (each PPO
// run against SFT, and head to head) by the held-out model and, when chosen, an AI judge.
// Every job waits for its inputs (JobWait), so the whole experiment is queued at once and runs
// as the worker gets to it. Each run is an ordinary one of its kind: its page, cancel and retry
// work as for any other.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { startPolicyEval } from '../evaluations/start-policy-eval.ts'
import { cancelJob } from '../jobs/cancel-job.ts'
import { startPpoRun } from '../policies/start-ppo-run.ts'
import { startSftRun } from '../policies/start-sft-run.ts'
import { writePromptSet } from '../policies/write-prompt-set.ts'
import { startRewardModelTraining } from '../reward-models/start-reward-model-training.ts'
import { rewardModelConfigSchema } from '../reward-models/training-config.ts'
import { findPandalmImports } from './find-pandalm-imports.ts'
import { rlhfVsRlaifConfigSchema, type RlhfVsRlaifConfig, type RlhfVsRlaifConfigInput } from './rlhf-vs-rlaif-config.ts'

const PRESET = 'RLHF vs RLAIF'
const names = (label: string) => ({ sft: `${label} · SFT`, ppoHuman: `${label} · PPO on RM human (RLHF)`, ppoAi: `${label} · PPO on RM AI (RLAIF)` })

/** "RLHF vs RLAIF", else "RLHF vs RLAIF (2)", …: the first label none of whose runs' names is taken. */
async function freeLabel(projectId: string) {
  const [policies, evals] = await Promise.all([
    db.policy.findMany({ where: { projectId, name: { startsWith: PRESET } }, select: { name: true } }),
    db.policyEval.findMany({ where: { projectId, name: { startsWith: PRESET } }, select: { name: true } }),
  ])
  const taken = new Set([...policies, ...evals].map((r) => r.name))
  for (let n = 1; ; n++) {
    const label = n === 1 ? PRESET : `${PRESET} (${n})`
    if (![label, ...Object.values(names(label))].some((name) => taken.has(name))) return label
  }
}

function rewardModels(cfg: RlhfVsRlaifConfig, label: string, importIds: string[]) {
  const cut = 1 - cfg.heldOutShare
  const rm = (name: string, sources: ('HUMAN' | 'AI')[], slice: [number, number]) => rewardModelConfigSchema.parse({
    name: `${label} · ${name}`, sources, seed: cfg.seed, base: cfg.base, trainer: cfg.rmTrainer,
    scope: { importIds, labelsFromImports: true, slice },
  })
  return {
    human: rm('RM human', ['HUMAN'], [0, cut]),
    ai: rm(`RM AI (${cfg.aiJudgeName})`, ['AI'], [0, cut]),
    heldOut: rm('RM held-out (human)', ['HUMAN'], [cut, 1]),
  }
}

export async function startRlhfVsRlaif(actor: Actor, projectId: string, input: RlhfVsRlaifConfigInput) {
  const cfg = rlhfVsRlaifConfigSchema.parse(input)
  const data = await findPandalmImports(actor, projectId, cfg.aiJudgeName)
  if (data.problem) throw badRequest(data.problem)
  const importIds = [data.human!.id, data.ai!.id]
  const split = { seed: cfg.seed, evalShare: cfg.evalShare, importIds }
  const prompts = await writePromptSet(projectId, split, null)
  if (!prompts.train || !prompts.eval) throw badRequest(`The PandaLM pairs give ${prompts.train} train and ${prompts.eval} evaluation prompts under this split: both are needed`)
  const label = await freeLabel(projectId)
  const n = names(label)
  const jobs: string[] = []
  try {
    const rm = await db.$transaction(async (tx) => {
      const specs = rewardModels(cfg, label, importIds)
      return { human: await startRewardModelTraining(tx, actor.id, projectId, specs.human), ai: await startRewardModelTraining(tx, actor.id, projectId, specs.ai), heldOut: await startRewardModelTraining(tx, actor.id, projectId, specs.heldOut) }
    })
    jobs.push(rm.human.jobId, rm.ai.jobId, rm.heldOut.jobId)
    const sft = await startSftRun(actor, projectId, { name: n.sft, base: cfg.base, source: 'HUMAN', split, trainer: cfg.sftTrainer })
    jobs.push(sft.jobId)
    const ppo = (name: string, rewardModelId: string) => startPpoRun(actor, projectId, { name, policyId: sft.id, rewardModelId, rewardMode: cfg.rewardMode, k: 4, trainPrompts: 0, split, trainer: cfg.ppoTrainer })
    const ppoHuman = await ppo(n.ppoHuman, rm.human.id)
    jobs.push(ppoHuman.jobId)
    const ppoAi = await ppo(n.ppoAi, rm.ai.id)
    jobs.push(ppoAi.jobId)
    const evaluation = await startPolicyEval(actor, projectId, {
      name: label, policyIds: [sft.id, ppoHuman.id, ppoAi.id], rewardModelId: rm.heldOut.id, judgeId: cfg.judgeId, harmJudgeId: cfg.harmJudgeId,
      evalPrompts: cfg.evalPrompts, split, seed: cfg.seed, trainer: cfg.evalTrainer,
    })
    await recordAudit(db, { userId: actor.id, action: 'experiment.rlhf-vs-rlaif', entityType: 'PolicyEval', entityId: evaluation.id, detail: { label, importIds, config: cfg } })
    return { label, rewardModels: { human: rm.human.id, ai: rm.ai.id, heldOut: rm.heldOut.id }, sftId: sft.id, ppoHumanId: ppoHuman.id, ppoAiId: ppoAi.id, evaluationId: evaluation.id }
  } catch (e) {
    // Half an experiment is no experiment: what was queued is cancelled (its rows stay, marked so).
    for (const jobId of jobs.reverse()) await cancelJob(actor, jobId).catch(() => undefined)
    throw e
  }
}
