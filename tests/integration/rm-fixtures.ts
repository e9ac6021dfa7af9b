// A separable preference set for reward-model jobs: the preferred answer always carries a polite
// marker phrase, so even a tiny model must beat chance on held-out pairs.
import fs from 'node:fs'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import { trainRewardModel } from '@/server/services/reward-models/train-reward-model.ts'
import { rewardModelConfigSchema } from '@/server/services/reward-models/training-config.ts'
import { runJob } from '@/workers/run-job.ts'
import { pretrainTask } from '@/workers/tasks/pretrain-lm.ts'
import { waitFor } from './helpers.ts'

const WORDS = 'apple river stone cloud garden paper window music light table orange forest bridge candle mirror'.split(' ')

export async function makeSeparableProject(owner: Actor, n: number) {
  const project = await db.project.create({ data: { name: `rm-${Date.now()}`, createdById: owner.id, overlap: 1 } })
  let seed = 7
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  const words = (k: number) => Array.from({ length: k }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ')
  for (let i = 0; i < n; i++) {
    const prompt = await db.prompt.create({ data: { projectId: project.id, text: `\n\nHuman: tell me about ${words(3)} ${i}\n\nAssistant:`, contentHash: `rp${i}` } })
    const good = ` Thank you for asking, I am glad to help: ${words(6)}.`
    const bad = ` ${words(6)} whatever, go away.`
    const goodFirst = rand() < 0.5
    const [a, b] = await Promise.all([goodFirst ? good : bad, goodFirst ? bad : good].map((text, j) =>
      db.response.create({ data: { promptId: prompt.id, text, contentHash: `r${i}-${j}` } })))
    const pair = await db.pair.create({ data: { projectId: project.id, promptId: prompt.id, responseAId: a.id, responseBId: b.id, contentHash: `rq${i}` } })
    await db.label.create({ data: { pairId: pair.id, projectId: project.id, source: 'HUMAN', choice: goodFirst ? 'A' : 'B', raterKey: 'ext:fixture', raterName: 'fixture' } })
  }
  return project
}

/** Trainer settings small enough for CI on 2 CPU cores. */
export const FAST_TRAINER = {
  'model.max_length': 48,
  'train.batch_size': 16,
  'train.max_steps': 40,
  'train.eval_every': 20,
  'train.warmup_steps': 5,
  'train.lr': 0.003,
  'export.parity_pairs': 8,
  // The legacy exporter (~2 s a run, parity still checked) instead of the default dynamo one (~10 s, a
  // quarter of a tiny run). The default exporter's job, and Node against PyTorch on its export, is
  // reward-model-job.test.ts; its parity on real pairs is workers/trainer/tests/test_onnx.py.
  'export.exporter': 'torchscript',
}

/** The tiny base model, pretrained once in-process (a worker would otherwise do it first; cached on disk). */
export async function pretrainTinyBase(owner: Actor, projectId: string) {
  const cfg = rewardModelConfigSchema.parse({ name: 'warm-up', base: { source: 'BUILTIN', size: 'tiny' } })
  const rm = await trainRewardModel(owner, projectId, cfg)
  const base = await db.baseModel.findUniqueOrThrow({ where: { id: rm.baseModelId } })
  if (!base.path) await runJob('PRETRAIN_LM', { jobId: base.jobId }, new AbortController().signal, pretrainTask, { retries: false })
  await cancelJob(owner, rm.jobId)
}

/** A training run that would take hours: it only ends by cancellation, a kill or its time limit. */
export async function startEndless(owner: Actor, projectId: string, trainer: Record<string, unknown> = {}) {
  const cfg = rewardModelConfigSchema.parse({ name: 'endless', base: { source: 'BUILTIN', size: 'tiny' }, trainer: { ...FAST_TRAINER, 'train.max_steps': 1_000_000, ...trainer } })
  return trainRewardModel(owner, projectId, cfg)
}

export const trainingStarted = (jobId: string) => waitFor('the trainer to report a training step', async () =>
  (await db.jobMetric.findFirst({ where: { jobId, name: 'train/loss' } })) !== null)

/** pids of trainer processes working on this reward model (its folder is in their command line). */
export function trainerPids(rewardModelId: string): number[] {
  const pids: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmd.includes('rewardlab_trainer') && cmd.includes(rewardModelId)) pids.push(Number(entry))
    } catch {
      // the process ended while we looked
    }
  }
  return pids
}
