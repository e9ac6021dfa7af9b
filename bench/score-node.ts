// Node scoring benchmark: an exported reward model scored with onnxruntime-node and the JS tokenizer
// (the code the worker thread runs), on the same pairs and batch size as the trainer's
// bench/score_speed.py, so pairs/s compare directly with PyTorch and Python onnxruntime.
//   npx tsx bench/score-node.ts <onnx folder> <pairs.jsonl> [pairs=200] [rounds=3] [batch=16]
import fs from 'node:fs'
import os from 'node:os'
// @ts-expect-error plain JS module shared with the scoring thread
import { loadRewardModel } from '../server/services/scoring/onnx-reward-model.mjs'

const [dir, file, n = '200', rounds = '3', batch = '16'] = process.argv.slice(2)
const pairs = fs.readFileSync(file, 'utf8').trim().split('\n').slice(0, Number(n)).map((l) => JSON.parse(l))
const threads = Number(process.env.REWARDLAB_SCORING_THREADS ?? 2)
const model = await loadRewardModel(dir, { threads })
const results: number[] = []
for (let r = 0; r < Number(rounds); r++) {
  const t0 = performance.now()
  for (let i = 0; i < pairs.length; i += Number(batch)) {
    const chunk = pairs.slice(i, i + Number(batch))
    await model.score(chunk.flatMap((p: { prompt: string; chosen: string; rejected: string }) => [p.prompt + p.chosen, p.prompt + p.rejected]))
  }
  results.push(pairs.length / ((performance.now() - t0) / 1000))
}
console.log(JSON.stringify({ runtime: 'onnxruntime-node 1.30', threads, pairs: pairs.length, pairsPerSecond: results.map((x) => +x.toFixed(1)), load: os.loadavg()[0].toFixed(1) }))
