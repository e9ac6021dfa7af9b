// EVAL_RM end to end on the database DATABASE_URL names: a benchmark set read from a file by the
// upload service (timed), an exported reward model evaluated on it through the real job (runJob with
// the worker's task: scoring thread, rewards stored per pair, summary; timed), and the job again with
// every reward already stored (what a repeat or a resumed attempt costs); then the same file imported
// into a project and a set copied from that project's pairs (timed). Prints one JSON line.
//   npx tsx bench/eval-rm.ts <onnx folder> <benchmark file> [format=HH_RLHF] [template=AS_IS]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { db } from '../server/db/client.ts'
import { stopBoss } from '../server/jobs/boss.ts'
import { createBenchmarkFromProject } from '../server/services/benchmarks/create-benchmark-from-project.ts'
import { createBenchmarkUpload } from '../server/services/benchmarks/create-benchmark-upload.ts'
import { importLocalFile } from '../server/services/imports/import-local-file.ts'
import { startBenchmarkEvaluation } from '../server/services/benchmarks/start-benchmark-evaluation.ts'
import { stopScoringThread } from '../server/services/scoring/score-texts.ts'
import { runJob } from '../workers/run-job.ts'
import { evalRmTask } from '../workers/tasks/eval-rm.ts'

const [onnxDir, file, format = 'HH_RLHF', template = 'AS_IS'] = process.argv.slice(2)
if (!onnxDir || !file) throw new Error('usage: npx tsx bench/eval-rm.ts <onnx folder> <benchmark file> [format] [template]')
const tag = Date.now().toString(36)
const u = await db.user.create({ data: { email: `bench-${tag}@bench.rewardlab`, name: 'bench', role: 'RESEARCHER', passwordHash: 'x' } })
const actor = { id: u.id, role: u.role, name: u.name, email: u.email }
const project = await db.project.create({ data: { name: `eval bench ${tag}`, createdById: u.id } })
const base = await db.baseModel.create({ data: { name: 'bench base', source: 'BUILTIN', ref: 'bench', path: onnxDir, createdById: u.id } })
const job = await db.job.create({ data: { kind: 'TRAIN_RM', status: 'SUCCEEDED', progress: 1, phase: 'done', createdById: u.id, projectId: project.id } })
const rm = await db.rewardModel.create({ data: { projectId: project.id, name: 'bench model', baseModelId: base.id, jobId: job.id, config: {}, outputDir: path.resolve(onnxDir), createdById: u.id } })

let t = performance.now()
const set = await createBenchmarkUpload(actor, { name: `bench ${tag}`, format: format as 'HH_RLHF', template: template as 'AS_IS', filename: path.basename(file), body: fs.createReadStream(file) })
const uploadSeconds = (performance.now() - t) / 1000

async function evaluate() {
  const ev = await startBenchmarkEvaluation(actor, { rewardModelId: rm.id, setId: set.id })
  const started = performance.now()
  await runJob('EVAL_RM', { jobId: ev.jobId }, new AbortController().signal, evalRmTask, { retries: false })
  const seconds = (performance.now() - started) / 1000
  const row = await db.job.findUniqueOrThrow({ where: { id: ev.jobId } })
  if (row.status !== 'SUCCEEDED') throw new Error(`the evaluation ended ${row.status}: ${row.error}`)
  return seconds
}
t = performance.now()
const first = await evaluate()
const repeat = await evaluate()
const results = (await db.benchmarkEvaluation.findFirstOrThrow({ where: { rewardModelId: rm.id } })).results as { overall: { n: number; accuracy: { value: number }; longer: { value: number } } }
await importLocalFile(actor, { projectId: project.id, format: format as 'HH_RLHF', mode: 'SKIP_INVALID', filePath: file })
t = performance.now()
const copy = await createBenchmarkFromProject(actor, { projectId: project.id, name: `bench copy ${tag}` })
const copySeconds = (performance.now() - t) / 1000
const manifest = JSON.parse(fs.readFileSync(path.join(onnxDir, 'rewardlab-rm.json'), 'utf8')) as { max_length: number }
console.log(JSON.stringify({
  pairs: set.pairCount, skipped: set.skipped, maxLength: manifest.max_length, threads: Number(process.env.REWARDLAB_SCORING_THREADS ?? 1),
  uploadSeconds: +uploadSeconds.toFixed(2), uploadPairsPerSecond: Math.round(set.pairCount / uploadSeconds),
  evalSeconds: +first.toFixed(1), evalPairsPerSecond: +(set.pairCount / first).toFixed(1), repeatSeconds: +repeat.toFixed(2),
  copiedPairs: copy.pairCount, copySeconds: +copySeconds.toFixed(2),
  accuracy: results.overall.accuracy.value, longerWins: results.overall.longer.value, load: os.loadavg()[0].toFixed(1),
}))
await stopScoringThread()
await stopBoss()
await db.$disconnect()
