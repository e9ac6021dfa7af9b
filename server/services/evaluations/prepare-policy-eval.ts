// First part of a POLICY_EVAL job: the evaluation prompts (a seeded sample of the split's eval
// prompts), the policies' folders and the trainer config of the `policy-eval` command. When every
// generation is already stored (a retry after the trainer's part) there is nothing to generate.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import { modelsDir } from '../../lib/paths.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { rewardCheckpoint } from '../policies/policy-paths.ts'
import { writePromptSet } from '../policies/write-prompt-set.ts'
import { unitHash } from '../../lib/pair-scope.ts'
import { policyEvalConfigSchema } from './policy-eval-config.ts'

export const policyEvalDir = (evalId: string) => path.join(modelsDir(), 'policy-evals', evalId)

type PromptLine = { id: string; prompt: string; split: 'train' | 'eval' }

/** The eval prompts of the split, cut to a seeded sample of n (the smallest hashes), written to `file`. */
async function writeEvalPrompts(projectId: string, cfg: ReturnType<typeof policyEvalConfigSchema.parse>, file: string) {
  const all = `${file}.all`
  await writePromptSet(projectId, cfg.split, all)
  const lines = fs.readFileSync(all, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PromptLine).filter((p) => p.split === 'eval')
  fs.rmSync(all, { force: true })
  const chosen = lines.map((p) => [unitHash(p.id, 'eval-prompt-sample', cfg.seed), p] as const).sort((a, b) => a[0] - b[0]).slice(0, cfg.evalPrompts).map(([, p]) => p)
  fs.writeFileSync(file, chosen.map((p) => JSON.stringify(p)).join('\n') + '\n')
  return chosen.length
}

export async function preparePolicyEval(jobId: string, opts: JobEvents) {
  const ev = await db.policyEval.findUniqueOrThrow({
    where: { jobId }, include: { policies: { include: { policy: true }, orderBy: { position: 'asc' } }, rewardModel: true },
  })
  const cfg = policyEvalConfigSchema.parse(ev.config)
  const workDir = policyEvalDir(ev.id)
  fs.mkdirSync(workDir, { recursive: true })
  const prompts = path.join(workDir, 'prompts.jsonl')
  const n = fs.existsSync(prompts) ? fs.readFileSync(prompts, 'utf8').split('\n').filter(Boolean).length : await writeEvalPrompts(ev.projectId, cfg, prompts)
  if (!n) throw new Error('This project has no evaluation prompts under this split')
  const stored = await db.policyEvalSample.count({ where: { evalId: ev.id } })
  if (stored >= n * ev.policies.length) return { ev, workDir, config: null }
  for (const { policy } of ev.policies) if (!policy.outputDir) throw new Error(`The policy "${policy.name}" has no trained folder`)
  fs.writeFileSync(path.join(workDir, 'policies.json'), JSON.stringify(ev.policies.map(({ policy }) => ({ id: policy.id, path: policy.outputDir }))))
  await opts.emit({ type: 'log', message: `${ev.policies.length} policies complete ${n} evaluation prompts (seed ${cfg.seed})` })
  const config: Record<string, unknown> = {
    out_dir: workDir, seed: cfg.seed, 'policy_eval.policies': path.join(workDir, 'policies.json'), 'policy_eval.prompts': prompts, ...cfg.trainer,
  }
  if (ev.rewardModel) config['policy_eval.reward_model'] = rewardCheckpoint(ev.rewardModel)
  return { ev, workDir, config }
}
