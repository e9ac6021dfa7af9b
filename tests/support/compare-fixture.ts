// Two finished PPO runs from one SFT policy, straight in the database (no training): RLHF (a reward
// model on human labels, plain rewards, β changed to 0.1) and RLAIF (on AI labels, contrastive, k 2),
// with their curves (one step logged twice: the later value wins) and evaluation samples at steps 0, 5
// and 10 (RLHF) and 0 and 10 (RLAIF) on prompts p1 and p2. The compare integration test and e2e spec
// read them with hand-computed expectations.
import fs from 'node:fs'
import path from 'node:path'
import type { PrismaClient } from '@/server/db/generated/client.ts'

type Sample = [promptId: string, completion: string, score: number]
const PROMPTS: Record<string, string> = { p1: 'Human: How do I boil an egg?\n\nAssistant:', p2: 'Human: Name a primary colour.\n\nAssistant:' }

export const COMPARE_SAMPLES: Record<'human' | 'ai', Record<number, Sample[]>> = {
  human: { 0: [['p1', ' Put it in water.', 0.1], ['p2', ' Blue.', -0.2]], 5: [['p1', ' Boil water first.', 0.3], ['p2', ' Red.', 0.1]], 10: [['p1', ' Boil it for nine minutes.', 0.9], ['p2', ' Red is one.', 0.4]] },
  ai: { 0: [['p2', ' Blue.', 1.0], ['p1', ' Put it in water.', 2.0]], 10: [['p2', ' Yellow, red and blue.', 1.6], ['p1', ' Simmer it gently.', 2.5]] },
}

export async function seedComparedRuns(db: PrismaClient, opts: { projectId: string; userId: string; dir: string; tag: string }) {
  const { projectId, userId, tag } = opts
  const job = (kind: 'TRAIN_RM' | 'SFT' | 'PPO') => db.job.create({ data: { kind, status: 'SUCCEEDED', projectId, createdById: userId, progress: 1, phase: 'done', finishedAt: new Date() } })
  const base = await db.baseModel.create({ data: { name: `compare base ${tag}`, source: 'BUILTIN', ref: 'tiny', createdById: userId } })
  const rm = async (name: string, sources: string[]) => db.rewardModel.create({ data: { projectId, name, baseModelId: base.id, jobId: (await job('TRAIN_RM')).id, config: { name, sources, humanShare: 1 }, createdById: userId } })
  const rmHuman = await rm(`rm human ${tag}`, ['HUMAN'])
  const rmAi = await rm(`rm ai ${tag}`, ['AI'])
  const sft = await db.policy.create({ data: { projectId, kind: 'SFT', name: `sft ${tag}`, baseModelId: base.id, jobId: (await job('SFT')).id, config: { name: `sft ${tag}`, source: 'HUMAN' }, createdById: userId } })
  const ppo = async (name: string, rewardModelId: string, config: object) => db.policy.create({
    data: { projectId, kind: 'PPO', name, parentId: sft.id, rewardModelId, jobId: (await job('PPO')).id, createdById: userId,
      config: { name, policyId: sft.id, rewardModelId, trainPrompts: 0, split: { seed: 1, evalShare: 0.1 }, ...config } },
  })
  const human = await ppo(`ppo human ${tag}`, rmHuman.id, { rewardMode: 'plain', k: 4, trainer: { 'ppo.kl_coef': 0.1 } })
  const ai = await ppo(`ppo ai ${tag}`, rmAi.id, { rewardMode: 'contrastive', k: 2, trainer: {} })
  await db.jobMetric.createMany({ data: [
    { jobId: human.jobId, name: 'objective/kl', step: 1, value: 0.5 },
    { jobId: human.jobId, name: 'objective/kl', step: 2, value: 0.7 },
    { jobId: human.jobId, name: 'objective/kl', step: 2, value: 0.75 }, // re-logged by a continued attempt
    { jobId: human.jobId, name: 'objective/scores', step: 1, value: 0.2 },
    { jobId: human.jobId, name: 'loss/policy_avg', step: 1, value: 9 }, // not a compared curve
    { jobId: ai.jobId, name: 'objective/kl', step: 1, value: 0.25 },
    { jobId: ai.jobId, name: 'objective/rlhf_reward', step: 1, value: -0.5 },
  ] })
  for (const [run, which] of [[human, 'human'], [ai, 'ai']] as const) {
    const dir = path.join(opts.dir, run.id, 'samples')
    fs.mkdirSync(dir, { recursive: true })
    for (const [step, rows] of Object.entries(COMPARE_SAMPLES[which])) {
      const file = path.join(dir, `step-${String(step).padStart(6, '0')}.json`)
      const samples = rows.map(([id, completion, score]) => ({ id, prompt: PROMPTS[id], completion, score, eos: true }))
      fs.writeFileSync(file, JSON.stringify({ step: Number(step), samples }))
      await db.jobArtefact.create({ data: { jobId: run.jobId, kind: 'samples', path: file } })
    }
  }
  return { sft, human, ai, rmHuman, rmAi, prompts: PROMPTS }
}
