// A real reward-model run on CPU: pretrain the tiny built-in GPT, train a reward model on a
// separable set through the worker's tasks, export to ONNX, score in Node, and check the Node
// scores against PyTorch's on the same pairs.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { trainRewardModel } from '@/server/services/reward-models/train-reward-model.ts'
import { trainerDefault } from '@/server/services/reward-models/trainer-settings.ts'
import { rewardModelConfigSchema } from '@/server/services/reward-models/training-config.ts'
import { scoreTexts, stopScoringThread } from '@/server/services/scoring/score-texts.ts'
import { runJob } from '@/workers/run-job.ts'
import { pretrainTask } from '@/workers/tasks/pretrain-lm.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { runTrainer } from '@/workers/trainer-process.ts'
import { makeUser } from './helpers.ts'
import { FAST_TRAINER, makeSeparableProject } from './rm-fixtures.ts'

const never = new AbortController().signal

/** The first n HH-RLHF harmless test pairs, split at the last assistant turn as the importer does. */
function realHhPairs(n: number) {
  const text = zlib.gunzipSync(fs.readFileSync(path.resolve('data/datasets/hh-rlhf-harmless/test.jsonl.gz'))).toString('utf8')
  return text.trim().split('\n').slice(0, n).map((l) => {
    const { chosen, rejected } = JSON.parse(l) as { chosen: string; rejected: string }
    const cut = chosen.lastIndexOf('\n\nAssistant:') + '\n\nAssistant:'.length
    return { prompt: chosen.slice(0, cut), chosen: chosen.slice(cut), rejected: rejected.slice(cut) }
  })
}

afterAll(() => stopScoringThread())

describe('reward model job', () => {
  test('pretrain → train → export → Node scores match PyTorch', async () => {
    const researcher = await makeUser('RESEARCHER')
    const project = await makeSeparableProject(researcher, 240)
    // The default exporter, as a user's run exports (the other files' FAST_TRAINER takes the quicker legacy one).
    const trainer = { ...FAST_TRAINER, 'export.exporter': trainerDefault<string>('export.exporter') }
    const config = rewardModelConfigSchema.parse({ name: 'tiny separable', base: { source: 'BUILTIN', size: 'tiny' }, evalShare: 0.2, trainer })
    const rm = await trainRewardModel(researcher, project.id, config)
    const base = await db.baseModel.findUniqueOrThrow({ where: { id: rm.baseModelId } })
    if (!base.path) await runJob('PRETRAIN_LM', { jobId: base.jobId }, never, pretrainTask, { retries: false })
    expect((await db.job.findUniqueOrThrow({ where: { id: base.jobId! } })).status).toBe('SUCCEEDED')

    await runJob('TRAIN_RM', { jobId: rm.jobId }, never, trainRmTask, { retries: false })
    const job = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
    expect(job.error).toBeNull()
    expect(job.status).toBe('SUCCEEDED')
    const done = await db.rewardModel.findUniqueOrThrow({ where: { id: rm.id } })
    const summary = done.summary as Record<string, number>
    expect(summary['eval/accuracy']).toBeGreaterThan(0.75) // chance is 0.5 on this separable set
    expect(summary['export/parity_max_abs_diff']).toBeLessThan(1e-4)
    expect(JSON.parse(fs.readFileSync(path.join(done.outputDir!, '..', 'config.json'), 'utf8')).export.exporter).toBe(trainer['export.exporter'])
    expect(await db.jobMetric.count({ where: { jobId: rm.jobId, name: 'train/loss' } })).toBeGreaterThan(10)
    // The headline throughput is the trainer's whole-run figure, not a mean of per-step rates.
    const whole = await db.jobMetric.findFirstOrThrow({ where: { jobId: rm.jobId, name: 'train_tokens_per_second' } })
    expect(whole.value).toBeGreaterThan(0)
    expect(summary.train_tokens_per_second).toBe(whole.value)
    expect(fs.existsSync(path.join(done.outputDir!, 'model.onnx'))).toBe(true)

    // Node (onnxruntime-node + JS tokenizer) against PyTorch on real HH-RLHF pairs.
    const pairsFile = path.join(done.outputDir!, '..', 'parity-pairs.jsonl')
    fs.writeFileSync(pairsFile, realHhPairs(16).map((p) => JSON.stringify({ ...p, label: 1, source: 'HUMAN', split: 'eval' })).join('\n'))
    const torchOut = path.join(done.outputDir!, '..', 'torch-scores.jsonl')
    // PyTorch in float64 is the reference: on one real pair this tiny model is ill-conditioned enough
    // that fp32 PyTorch is itself 1.4e-4 away from the exact reward (ONNX Runtime was 3.5e-5 away).
    await runTrainer('score', { out_dir: path.dirname(torchOut), model: { dtype: 'float64' }, score: { model_dir: summary.checkpointDir, pairs: pairsFile, out: torchOut, backend: 'torch' } },
      { workDir: path.dirname(torchOut), signal: never, onEvent: () => {} })
    const torchScores = fs.readFileSync(torchOut, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const pairs = realHhPairs(16)
    const node = await scoreTexts(done.outputDir!, pairs.flatMap((p) => [p.prompt + p.chosen, p.prompt + p.rejected]))
    const diffs = torchScores.flatMap((t, i) => [Math.abs(t.reward_chosen - node[2 * i]), Math.abs(t.reward_rejected - node[2 * i + 1])])
    expect(diffs).toHaveLength(32)
    expect(Math.max(...diffs)).toBeLessThan(1e-4)
  }, 600_000)
})
