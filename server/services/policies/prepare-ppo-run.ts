// First half of a PPO job: the prompts file (train prompts for rollouts, eval prompts for samples)
// and the trainer config: the SFT policy, the reward model (optional for d-RLAIF, whose ratings the
// worker answers: createRolloutRater), and for contrastive rewards the baselines.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { ppoConfigSchema, valueInit } from './policy-config.ts'
import { policyDir, rewardCheckpoint } from './policy-paths.ts'
import { writePromptSet } from './write-prompt-set.ts'

export async function preparePpoRun(jobId: string, opts: JobEvents) {
  const policy = await db.policy.findUniqueOrThrow({ where: { jobId }, include: { parent: true, rewardModel: true, baselineSet: true, judge: true } })
  const cfg = ppoConfigSchema.parse(policy.config)
  if (!policy.parent?.outputDir) throw new Error('The SFT policy is not trained yet')
  if (cfg.rewardModelId && !policy.rewardModel) throw new Error('The reward model of this run was deleted')
  if (policy.rewardModel && !policy.rewardModel.outputDir) throw new Error(`The reward model "${policy.rewardModel.name}" is not trained yet`)
  if (cfg.rewardMode === 'drlaif' && !policy.judge) throw new Error('The AI judge of this run was deleted')
  if (cfg.rewardMode === 'contrastive' && !policy.baselineSet?.path) throw new Error('The baseline samples are not ready')
  opts.signal.throwIfAborted()
  const workDir = policyDir(policy.id)
  fs.mkdirSync(workDir, { recursive: true })
  const prompts = path.join(workDir, 'prompts.jsonl')
  const counts = await writePromptSet(policy.projectId, cfg.split, prompts, cfg.trainPrompts)
  const source = policy.judge ? `d-RLAIF rewards: ratings by the judge "${policy.judge.name}" (version ${policy.judgeVersion})` : `${cfg.rewardMode} rewards from "${policy.rewardModel!.name}"`
  await opts.emit({ type: 'log', message: `PPO on ${counts.train} train prompts (${counts.eval} held out for samples), ${source}` })
  const config = {
    out_dir: workDir, seed: cfg.split.seed, 'model.path': policy.parent.outputDir, ...cfg.trainer, 'ppo.value_init': valueInit(cfg),
    'ppo.prompts': prompts, 'ppo.reward_mode': cfg.rewardMode,
    ...(policy.rewardModel ? { 'ppo.reward_model': rewardCheckpoint(policy.rewardModel) } : {}),
    ...(cfg.rewardMode === 'contrastive' ? { 'ppo.baselines': policy.baselineSet!.path } : {}),
  }
  return { policy, workDir, config, drlaif: cfg.rewardMode === 'drlaif' }
}
