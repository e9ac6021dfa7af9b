// Task: one SER round: the stop rule's checks, scoring the pool pairs not yet scored (onnxruntime-node
// in the scoring thread, or the trainer with PyTorch, CUDA when present), then the batch.
import fs from 'node:fs'
import path from 'node:path'
import { serRoundDir } from '../../server/lib/paths.ts'
import { beginSerRound } from '../../server/services/ser/begin-ser-round.ts'
import { finishSerRound } from '../../server/services/ser/finish-ser-round.ts'
import { scorePoolPairs, storePairScores } from '../../server/services/ser/score-pool-pairs.ts'
import { readTrainerScores, writePoolFile } from '../../server/services/ser/write-pool-file.ts'
import type { Task, TaskContext } from '../run-job.ts'
import { cudaAvailable, runTrainerForJob } from '../trainer-process.ts'

async function scoreWithTrainer(ctx: TaskContext, roundId: string, rm: { id: string; checkpointDir: string }, missing: string[]) {
  const workDir = serRoundDir(roundId)
  fs.mkdirSync(workDir, { recursive: true })
  const pairs = path.join(workDir, 'pool.jsonl')
  await writePoolFile(missing, pairs)
  const artefacts = await runTrainerForJob(ctx, 'score', { out_dir: workDir, 'score.model_dir': rm.checkpointDir, 'score.pairs': pairs, 'score.batch_size': 64 }, workDir)
  await storePairScores(rm.id, await readTrainerScores(artefacts.scores))
}

export const serRoundTask: Task = async (ctx) => {
  const start = await beginSerRound(ctx.jobId, ctx)
  if (start.next === 'done') return
  if (start.missing.length) {
    const { rewardModel: rm } = start
    // The measurements (docs/benchmarks.md): onnxruntime-node beats PyTorch on CPUs; a GPU turns that round.
    const trainer = rm.checkpointDir && (start.backend === 'trainer' || (start.backend === 'auto' && await cudaAvailable()))
    await ctx.emit({ type: 'log', message: `scoring ${start.missing.length.toLocaleString('en-US')} pool pairs with ${trainer ? 'the trainer (PyTorch)' : 'onnxruntime-node'}` })
    if (trainer) await scoreWithTrainer(ctx, start.roundId, { id: rm.id, checkpointDir: rm.checkpointDir! }, start.missing)
    else await scorePoolPairs(rm, start.missing, ctx)
  }
  await finishSerRound(ctx.jobId, ctx)
}
