// First half of a BASELINES job: the prompts file and the trainer config (the SFT policy samples,
// the reward model scores).
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { promptSplitSchema } from './policy-config.ts'
import { baselineDir, rewardCheckpoint } from './policy-paths.ts'
import { writePromptSet } from './write-prompt-set.ts'

export async function prepareBaselines(jobId: string, opts: JobEvents) {
  const set = await db.baselineSet.findUniqueOrThrow({ where: { jobId }, include: { policy: true, rewardModel: true } })
  const cfg = set.config as { k: number; split: unknown; trainPrompts?: number; sampling: Record<string, unknown> }
  const split = promptSplitSchema.parse(cfg.split)
  if (!set.policy.outputDir) throw new Error(`The SFT policy "${set.policy.name}" is not trained yet`)
  if (!set.rewardModel.outputDir) throw new Error(`The reward model "${set.rewardModel.name}" is not trained yet`)
  opts.signal.throwIfAborted()
  const workDir = baselineDir(set.id)
  fs.mkdirSync(workDir, { recursive: true })
  const prompts = path.join(workDir, 'prompts.jsonl')
  const counts = await writePromptSet(set.projectId, split, prompts, cfg.trainPrompts ?? 0)
  await opts.emit({ type: 'log', message: `${cfg.k} baseline responses for each of ${counts.train} train prompts, from "${set.policy.name}", scored by "${set.rewardModel.name}"` })
  const config = {
    out_dir: workDir, seed: split.seed, 'model.path': set.policy.outputDir, 'baselines.prompts': prompts,
    'baselines.reward_model': rewardCheckpoint(set.rewardModel), 'baselines.k': cfg.k, ...cfg.sampling,
  }
  return { set, workDir, config }
}
