// The RLHF vs RLAIF experiment of docs/experiments.md, end to end through the product: a throw-away
// embedded PostgreSQL, the PandaLM test set (three human labels per pair) and GPT-3.5-turbo's verdicts
// imported as the demo does, the one-click preset (startRlhfVsRlaif), one real worker process doing
// every job, then the figures: each reward model's held-out accuracy against the human majority, each
// PPO run's reward and KL curve ends, and the evaluation's win-rate matrix by the held-out reward model.
//   npm run experiment:rlhf-vs-rlaif -- [--size small|tiny] [--seed 1337] [--ppo-steps N] [--rm-epochs N]
//                                       [--reward plain|contrastive] [--out file.json]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startExperimentEnv } from './experiment-env.ts'

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' }, seed: { type: 'string', default: '1337' }, 'ppo-steps': { type: 'string' },
    'rm-epochs': { type: 'string' }, reward: { type: 'string', default: 'plain' }, out: { type: 'string', default: '' },
  },
})
const { stamp, work, root, admin, stop } = await startExperimentEnv('rlhf-vs-rlaif', 55640)
const { db } = await import('../server/db/client.ts')
const { createProject } = await import('../server/services/projects/create-project.ts')
const { importLocalFile } = await import('../server/services/imports/import-local-file.ts')
const { startRlhfVsRlaif } = await import('../server/services/experiments/start-rlhf-vs-rlaif.ts')
const { getPolicyEval } = await import('../server/services/evaluations/get-policy-eval.ts')
const { rewardModelDir } = await import('../server/lib/paths.ts')

const data = path.join(root, 'data', 'datasets', 'pandalm')
const project = await createProject(admin, { name: `RLHF vs RLAIF (${stamp})`, description: 'PandaLM test set', guidelines: '', overlap: 1 })
for (const [format, file, judgeName] of [['PANDALM', 'testset-v1.json'], ['PANDALM_JUDGE', 'judge-gpt-3.5-turbo-testset-v1.json', 'gpt-3.5-turbo']] as const) {
  const imp = await importLocalFile(admin, { projectId: project.id, format, mode: 'SKIP_INVALID', filePath: path.join(data, file), judgeName })
  console.log(`${file}: ${imp.pairsCreated} pairs, ${imp.labelsCreated} labels`)
}
const started = await startRlhfVsRlaif(admin, project.id, {
  base: { source: 'BUILTIN', size: args.size as 'small' | 'tiny' }, seed: Number(args.seed), rewardMode: args.reward as 'plain' | 'contrastive',
  ppoTrainer: args['ppo-steps'] ? { 'ppo.total_steps': Number(args['ppo-steps']) } : {},
  rmTrainer: args['rm-epochs'] ? { 'train.epochs': Number(args['rm-epochs']) } : {},
})
console.log(`preset "${started.label}" queued`)

const worker = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { cwd: root, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] })
const t0 = Date.now()
const evalJob = (await db.policyEval.findUniqueOrThrow({ where: { id: started.evaluationId } })).jobId
for (;;) {
  const j = await db.job.findUniqueOrThrow({ where: { id: evalJob } })
  if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status)) break
  await new Promise((r) => setTimeout(r, 10_000))
}
worker.kill('SIGTERM')
// Its graceful stop still talks to the database: stopped only once the worker has gone.
await new Promise((resolve) => (worker.exitCode !== null ? resolve(null) : worker.once('exit', resolve)))

const jobs = await db.job.findMany({ where: { projectId: project.id }, orderBy: { createdAt: 'asc' } })
const minutes = (j: (typeof jobs)[number]) => (j.startedAt && j.finishedAt ? (j.finishedAt.getTime() - j.startedAt.getTime()) / 60_000 : null)
const rms = await db.rewardModel.findMany({ where: { id: { in: Object.values(started.rewardModels) } }, include: { job: true } })
const policies = await db.policy.findMany({ where: { id: { in: [started.sftId, started.ppoHumanId, started.ppoAiId] } }, include: { job: true } })
/** Mean of a metric over the first and the last three iterations of a run. */
async function ends(jobId: string, name: string) {
  const rows = await db.jobMetric.findMany({ where: { jobId, name }, orderBy: { step: 'asc' }, select: { value: true } })
  const mean = (v: { value: number }[]) => (v.length ? v.reduce((s, x) => s + x.value, 0) / v.length : null)
  return { first: mean(rows.slice(0, 3)), last: mean(rows.slice(-3)), max: rows.length ? Math.max(...rows.map((r) => r.value)) : null, n: rows.length }
}
const ppo = []
for (const p of policies.filter((x) => x.kind === 'PPO')) {
  ppo.push({ name: p.name, status: p.job.status, error: p.job.error, minutes: minutes(p.job), scores: await ends(p.jobId, 'objective/scores'), kl: await ends(p.jobId, 'objective/kl'), length: await ends(p.jobId, 'objective/response_length'), summary: p.summary })
}
const ev = await getPolicyEval(admin, started.evaluationId, { offset: 0, limit: 3 })
const nameOf = new Map(policies.map((p) => [p.id, p.name.split(' · ')[1]]))
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(1)}%`)
console.log('\n| job | status | minutes |\n|---|---|---|')
for (const j of jobs) console.log(`| ${j.kind} | ${j.status}${j.error ? `: ${j.error.slice(0, 120)}` : ''} | ${minutes(j)?.toFixed(1) ?? '–'} |`)
/** Train and held-out pairs of a reward model, from the pairs file its job wrote. */
function splitCounts(id: string) {
  const file = path.join(rewardModelDir(id), 'pairs.jsonl')
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { split: string }) : []
  return { train: lines.filter((l) => l.split === 'train').length, eval: lines.filter((l) => l.split === 'eval').length }
}
console.log('\n| reward model | train pairs | held-out pairs | held-out accuracy (human majority) |\n|---|---|---|---|')
for (const m of rms) {
  const c = splitCounts(m.id)
  console.log(`| ${m.name} | ${c.train} | ${c.eval} | ${pct((m.summary as Record<string, number> | null)?.['eval/accuracy'])} |`)
}
console.log('\n| PPO run | objective/scores first→last 3 | objective/kl first→last 3 (max) | response length first→last |\n|---|---|---|---|')
const f2 = (v: number | null) => (v === null ? '–' : v.toFixed(2))
for (const r of ppo) console.log(`| ${r.name} | ${f2(r.scores.first)} → ${f2(r.scores.last)} | ${f2(r.kl.first)} → ${f2(r.kl.last)} (${f2(r.kl.max)}) | ${f2(r.length.first)} → ${f2(r.length.last)} |`)
if (ev.summary) {
  console.log('\n| A vs B (held-out RM) | win rate of A [95%] | wins / losses / ties |\n|---|---|---|')
  for (const c of ev.summary.matrix) console.log(`| ${nameOf.get(c.policyAId)} vs ${nameOf.get(c.policyBId)} | ${pct(c.winRate)} [${pct(c.low)}, ${pct(c.high)}] | ${c.wins} / ${c.losses} / ${c.ties} |`)
  console.log('\n| policy | mean tokens | EOS rate | mean held-out RM score |\n|---|---|---|---|')
  for (const p of ev.summary.policies) console.log(`| ${nameOf.get(p.policyId)} | ${p.meanTokens.toFixed(1)} | ${pct(p.eosRate)} | ${p.meanRmScore?.toFixed(3) ?? '–'} |`)
  console.log(`held-out RM training labels shared with the arms' RMs: ${ev.summary.heldOutSharedLabels}`)
}
const out = args.out ? path.resolve(root, args.out) : path.join(work, 'results.json')
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(out, JSON.stringify({ command: process.argv.slice(2), minutes: (Date.now() - t0) / 60_000, jobs: jobs.map((j) => ({ kind: j.kind, status: j.status, error: j.error, minutes: minutes(j) })), rewardModels: rms.map((m) => ({ name: m.name, ...splitCounts(m.id), summary: m.summary })), ppo, evaluation: ev.summary }, null, 2))
console.log(`\n${((Date.now() - t0) / 60_000).toFixed(1)} min; results in ${path.relative(root, out)}`)
await db.$disconnect()
stop()
process.exit(0)
