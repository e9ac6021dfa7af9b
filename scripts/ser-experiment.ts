// The SER experiment of docs/experiments.md, end to end, the way a user would run it: a throw-away
// embedded PostgreSQL, the HH-RLHF harmless pairs imported into one project per seed, an SER run in
// experiment mode with auto-approval (10% held out, 15% human seed, the rest the pool with its human
// labels hidden), a real worker process doing every job, then a per-round table (pairs selected per
// status, self-label accuracy on the hidden labels, held-out accuracy, the 100%-human reference).
//   npm run experiment:ser -- [--seeds 1,2,3] [--size tiny|small] [--rounds 4] [--epochs N] [--max-steps N]
//                             [--statuses 1,2] [--tau-delta 0.3] [--out file.json]   (defaults: the issue's set-up)
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startExperimentEnv } from './experiment-env.ts'

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' }, size: { type: 'string', default: 'small' }, rounds: { type: 'string', default: '4' },
    'max-steps': { type: 'string' }, epochs: { type: 'string' }, 'tau-delta': { type: 'string' }, statuses: { type: 'string', default: '1,2' }, out: { type: 'string', default: '' },
  },
})
// Each invocation has its own database and model folders, so two experiments can run side by side.
const { stamp, work, root, admin, stop } = await startExperimentEnv('ser-experiment', 55600)
const { db } = await import('../server/db/client.ts')
const { createProject } = await import('../server/services/projects/create-project.ts')
const { importLocalFile } = await import('../server/services/imports/import-local-file.ts')
const { startSerRun } = await import('../server/services/ser/start-ser-run.ts')
const { serConfigSchema } = await import('../server/services/ser/ser-config.ts')
const { getSerRun } = await import('../server/services/ser/get-ser-run.ts')

const hh = path.join(root, 'data', 'datasets', 'hh-rlhf-harmless', 'test.jsonl.gz')

async function startRun(seed: number) {
  const project = await createProject(admin, { name: `SER experiment, seed ${seed} (${stamp})`, description: 'HH-RLHF harmless test pairs', guidelines: '', overlap: 1 })
  const imp = await importLocalFile(admin, { projectId: project.id, format: 'HH_RLHF', mode: 'SKIP_INVALID', filePath: hh })
  const trainer = {
    ...(args['max-steps'] ? { 'train.max_steps': Number(args['max-steps']) } : {}),
    ...(args.epochs ? { 'train.epochs': Number(args.epochs) } : {}),
  }
  const config = serConfigSchema.parse({
    name: `seed ${seed}`, experiment: true, autoApprove: true, maxRounds: Number(args.rounds), backend: 'onnx',
    statuses: args.statuses.split(',').map(Number), ...(args['tau-delta'] ? { thresholds: { tauDelta: Number(args['tau-delta']) } } : {}),
    seed: { kind: 'train', humanShare: 0.15, training: { base: { source: 'BUILTIN', size: args.size }, evalShare: 0.1, seed, trainer } },
  })
  const run = await startSerRun(admin, project.id, config)
  console.log(`seed ${seed}: ${imp.pairsCreated} pairs imported; run ${run.id} started`)
  return run.id
}

function startWorker(): ChildProcess {
  const w = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { cwd: root, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] })
  w.on('exit', (code, signal) => { if (code !== 0 && signal !== 'SIGTERM') console.error(`worker exited (${code ?? signal})`) })
  return w
}

/** Ended: the run is not active and its reference model's training is over. */
async function ended(runId: string) {
  const run = await db.serRun.findUniqueOrThrow({ where: { id: runId }, include: { reference: { include: { job: true } }, rounds: { include: { job: true } } } })
  const refDone = !run.reference || ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.reference.job.status)
  const roundFailed = run.rounds.some((r) => ['FAILED', 'CANCELLED'].includes(r.job.status))
  return (run.status !== 'ACTIVE' || roundFailed) && refDone
}

const seeds = args.seeds.split(',').map(Number)
const runIds = []
for (const s of seeds) runIds.push(await startRun(s))
const worker = startWorker()
const t0 = Date.now()
for (;;) {
  const states = await Promise.all(runIds.map(ended))
  if (states.every(Boolean)) break
  await new Promise((r) => setTimeout(r, 5000))
}
worker.kill('SIGTERM')
// Its graceful stop still talks to the database: stopped only once the worker has gone.
await new Promise((resolve) => (worker.exitCode !== null ? resolve(null) : worker.once('exit', resolve)))

/** Share of pool responses whose s = σ(r) lies in [0.45, 0.55): the band neither side of status 1 reaches. */
function undecidedShare(h: { bins: number; selected: number[]; unselected: number[] } | null) {
  if (!h) return null
  const all = h.selected.map((v, i) => v + h.unselected[i])
  const total = all.reduce((a, b) => a + b, 0)
  const band = all.filter((_, i) => i / h.bins >= 0.45 - 1e-9 && (i + 1) / h.bins <= 0.55 + 1e-9).reduce((a, b) => a + b, 0)
  return total ? band / total : null
}
const pts = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(1)}%`)
const results = []
for (const [i, runId] of runIds.entries()) {
  const run = await getSerRun(admin, runId)
  results.push({ seed: seeds[i], runId, status: run.status, endReason: run.endReason, reference: run.reference?.accuracy ?? null, rounds: run.rounds.map((r) => ({
    round: r.round, poolSize: r.poolSize, status1: r.status1Count, status2: r.status2Count, learningStatus: r.learningStatus, selected: r.batch?.size ?? 0,
    selfLabelAccuracy: r.agreement?.hidden?.accuracy ?? null, hiddenPairs: r.agreement?.hidden?.pairs ?? null, heldOutAccuracy: r.rewardModel.accuracy,
    undecided: undecidedShare(r.histogram), histogram: r.histogram,
  })) })
  console.log(`\nseed ${seeds[i]}: ${run.status}${run.endReason ? ` (${run.endReason})` : ''}; reference (100% human) ${pts(run.reference?.accuracy)}`)
  console.log('| round | pool | s in [0.45, 0.55) | status 1 | status 2 | selected | self-label accuracy (hidden labels) | held-out accuracy |')
  console.log('|---|---|---|---|---|---|---|---|')
  for (const r of results.at(-1)!.rounds) {
    const acc = r.selfLabelAccuracy ? `${pts(r.selfLabelAccuracy.value)} [${pts(r.selfLabelAccuracy.low)}, ${pts(r.selfLabelAccuracy.high)}]` : '–'
    console.log(`| ${r.round} | ${r.poolSize ?? '–'} | ${pts(r.undecided)} | ${r.status1 ?? '–'} | ${r.status2 ?? '–'} | ${r.selected} | ${acc} | ${pts(r.heldOutAccuracy)} |`)
  }
}
const out = args.out ? path.resolve(root, args.out) : path.join(work, 'results.json')
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(out, JSON.stringify({ command: process.argv.slice(2), size: args.size, minutes: (Date.now() - t0) / 60_000, results }, null, 2))
console.log(`\n${((Date.now() - t0) / 60_000).toFixed(1)} min; results in ${path.relative(root, out)}`)
await db.$disconnect()
stop()
process.exit(0)
