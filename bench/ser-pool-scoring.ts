// SER pool scoring, both backends an SER_ROUND job can use, on the same N-pair pool: onnxruntime-node
// in the scoring thread (pages of 256 pairs, as score-pool-pairs.ts sends them) and the trainer's
// `score` command with PyTorch (one process over the pool file, batches of 64, as ser-round.ts runs
// it; its time includes starting Python and loading the model, which the job pays too). The
// database writes of both are left out: they are the same for both. Prints pairs/s per backend.
//   npx tsx bench/ser-pool-scoring.ts <onnx folder> <checkpoint folder> <pairs.jsonl> [pairs=20000] [device=cpu]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { scoreTexts, stopScoringThread } from '../server/services/scoring/score-texts.ts'

const [onnxArg, checkpointArg, file, n = '20000', device = 'cpu'] = process.argv.slice(2)
if (!file) throw new Error('usage: npx tsx bench/ser-pool-scoring.ts <onnx folder> <checkpoint folder> <pairs.jsonl> [pairs=20000] [device=cpu]')
// The trainer runs in workers/trainer: every path absolute.
const [onnxDir, checkpointDir] = [path.resolve(onnxArg), path.resolve(checkpointArg)]
type Pair = { prompt: string; chosen: string; rejected: string }
const source = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Pair)
// A pool of N pairs: the file's pairs repeated with a suffix, so no two texts are the same.
const pool = Array.from({ length: Number(n) }, (_, i) => {
  const p = source[i % source.length]
  const k = Math.floor(i / source.length)
  return { pairId: `p${i}`, prompt: p.prompt, chosen: k ? `${p.chosen} (${k})` : p.chosen, rejected: k ? `${p.rejected} (${k})` : p.rejected, label: 1, source: 'SELF', split: 'train' }
})
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ser-pool-bench-'))
const poolFile = path.join(work, 'pool.jsonl')
fs.writeFileSync(poolFile, pool.map((p) => JSON.stringify(p)).join('\n') + '\n')

// The scoring thread is unref'd (an idle one must not keep a process alive): hold the loop open meanwhile.
const keepAlive = setInterval(() => {}, 1000)
let t0 = performance.now()
for (let i = 0; i < pool.length; i += 256) {
  const page = pool.slice(i, i + 256)
  await scoreTexts(onnxDir, page.flatMap((p) => [p.prompt + p.chosen, p.prompt + p.rejected]))
}
const onnxSeconds = (performance.now() - t0) / 1000
await stopScoringThread()
clearInterval(keepAlive)

const config = path.join(work, 'score.config.json')
fs.writeFileSync(config, JSON.stringify({ out_dir: work, device, 'score.model_dir': checkpointDir, 'score.pairs': poolFile, 'score.batch_size': 64 }))
const python = path.resolve('.venv/bin/python')
t0 = performance.now()
// stdin stays open while it runs: the trainer takes a closed stdin for its worker's death.
const child = spawn(python, ['-m', 'rewardlab_trainer', 'score', '--config', config], { cwd: path.resolve('workers/trainer'), stdio: ['pipe', 'pipe', 'pipe'] })
let stdout = ''
let stderr = ''
child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
const status = await new Promise<number | null>((resolve) => child.once('exit', resolve))
const trainerSeconds = (performance.now() - t0) / 1000
if (status !== 0) throw new Error(`trainer score failed (${status}): ${stderr.slice(-2000)}`)
const reported = stdout.split('\n').filter((l) => l.includes('score/pairs_per_second')).map((l) => JSON.parse(l) as { value?: number; metrics?: Record<string, number> }).at(-1)
fs.rmSync(work, { recursive: true, force: true })
console.log(JSON.stringify({
  pairs: pool.length, threads: Number(process.env.REWARDLAB_SCORING_THREADS ?? 2), torchThreads: os.cpus().length, device, load: os.loadavg()[0].toFixed(1),
  onnxruntimeNode: { seconds: +onnxSeconds.toFixed(1), pairsPerSecond: +(pool.length / onnxSeconds).toFixed(1) },
  trainer: { seconds: +trainerSeconds.toFixed(1), pairsPerSecond: +(pool.length / trainerSeconds).toFixed(1), reportedLine: reported ?? null },
}, null, 2))
