// A whole JUDGE_RUN job (pair selection, prompts, HTTP, soft labels, label + verdict writes,
// counters) against the fake OpenAI-compatible endpoint with a fixed latency, at several
// concurrencies. pairs/s is end to end; "overhead / pair" is the time a lane spends per pair
// outside the endpoint (lanes × wall / pairs − the endpoint's own time per pair, which the fake
// measures server-side). Creates its own project in the database of DATABASE_URL (.env).
//   npx tsx bench/judge-run.ts [--pairs 400] [--latency 50] [--levels 1,4,16,32]
import os from 'node:os'
import { loadEnv } from '../scripts/env.mjs'
import { startFakeOpenAI } from '../tests/support/fake-openai-server.ts'

loadEnv()
const { db } = await import('../server/db/client.ts')
const { createCaller } = await import('../server/api/root.ts')
const { createContext } = await import('../server/api/trpc.ts')
const { runJob } = await import('../workers/run-job.ts')
const { judgeRunTask } = await import('../workers/tasks/judge-run.ts')
const { getBoss, stopBoss } = await import('../server/jobs/boss.ts')

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const nPairs = Number(arg('pairs', '400'))
const latencyMs = Number(arg('latency', '50'))
const levels = arg('levels', '1,4,16,32').split(',').map(Number)

const owner = await db.user.findFirstOrThrow({ where: { role: { in: ['ADMIN', 'RESEARCHER'] } } })
const tag = Date.now().toString(36)
const project = await db.project.create({ data: { name: `judge bench ${tag}`, createdById: owner.id } })
const filler = 'The model gives a careful and detailed answer that explains each step of the process. '
await db.$executeRawUnsafe(`INSERT INTO "Prompt"(id,"projectId",text,"contentHash") SELECT 'jp${tag}'||g, $1, 'Human: question '||g||' about '||repeat('boiling eggs ', 30), 'h'||g FROM generate_series(1,$2) g`, project.id, nPairs)
await db.$executeRawUnsafe(`INSERT INTO "Response"(id,"promptId",text,"contentHash") SELECT 'j${tag}'||s||g, 'jp${tag}'||g, repeat($2, 1 + (g + ascii(s)) % 8), s||g FROM generate_series(1,$1) g, (VALUES ('a'),('b')) v(s)`, nPairs, filler)
await db.$executeRawUnsafe(`INSERT INTO "Pair"(id,"projectId","promptId","responseAId","responseBId","contentHash") SELECT 'jq${tag}'||g, $1, 'jp${tag}'||g, 'j${tag}a'||g, 'j${tag}b'||g, 'q'||g FROM generate_series(1,$2) g`, project.id, nPairs)

const fake = await startFakeOpenAI({ latencyMs })
// The fake listens on loopback, which judges may call only when an admin allows it: this host:port.
process.env.REWARDLAB_JUDGE_ALLOWED_HOSTS = new URL(fake.url).host
const api = createCaller(createContext(owner.id))
console.log(`${nPairs} pairs, endpoint latency ${latencyMs} ms, order swap (2 requests per pair), ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}\n`)
console.log('| concurrency | pairs/s | requests/s | endpoint time / pair | overhead / pair |')
console.log('|---|---|---|---|---|')
for (const c of levels) {
  const judge = await api.judges.create({ projectId: project.id, name: `c${c}`, config: { provider: { kind: 'openai', baseUrl: fake.url, model: 'fake' }, rate: { concurrency: c, requestsPerMinute: 1e9 } } })
  const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
  const job = await db.job.findUniqueOrThrow({ where: { id: run.jobId } })
  await (await getBoss()).cancel('judge-run-v1', job.queueJobId!) // run here, not in a worker elsewhere
  const [served0, t0] = [{ ...fake.served }, performance.now()]
  await runJob('JUDGE_RUN', { jobId: run.jobId }, new AbortController().signal, judgeRunTask, { retries: false })
  const wall = (performance.now() - t0) / 1000
  const row = await db.judgeRun.findUniqueOrThrow({ where: { id: run.id }, include: { job: true } })
  if (row.job.status !== 'SUCCEEDED' || row.pairsDone !== nPairs) throw new Error(`run c=${c}: ${row.job.status} ${row.pairsDone}/${nPairs} ${row.job.error ?? ''}`)
  const endpointPerPair = (fake.served.busyMs - served0.busyMs) / nPairs / 2 // both orders run at once: their time overlaps
  const perPair = (wall * 1000 * c) / nPairs
  console.log(`| ${c} | ${(nPairs / wall).toFixed(1)} | ${((fake.served.count - served0.count) / wall).toFixed(1)} | ${endpointPerPair.toFixed(1)} ms | ${(perPair - endpointPerPair).toFixed(1)} ms |`)
}
await db.project.delete({ where: { id: project.id } })
await fake.close()
await stopBoss()
await db.$disconnect()
