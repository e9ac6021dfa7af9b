// One agreement dashboard read (agreement.project's service, getProjectAgreement, uncached: fresh) on a project with
// --labels HUMAN labels (five dataset annotators, ~3 per pair) and a judge label per pair, timed
// --reads times after a warm-up read, with the longest event-loop stall meanwhile (labelling requests
// to the same web process wait that long). --old DIR also reads with DIR's getProjectAgreement (a
// checkout of an earlier commit, its node_modules linked), alternating with this one on the same
// project so that machine load hits both alike, and checks that both give the same numbers. Each
// variant also reports the CPU time of a read: the web process's (process.cpuUsage) and the
// dashboard statement's in its PostgreSQL backend (utime + stime of that backend, /proc/<pid>/stat,
// 10 ms ticks; the database must run on this machine). On a machine shared with other work latency
// grows with the load while CPU time barely does: CPU time is the figure to set beside an idle
// machine's latency.
// --snapshot also times the stored-snapshot paths of this checkout (REWARDLAB_DASHBOARD_MAX_AGE_SECONDS=5):
// a read after a restart (this process's memory forgotten: the stored row), a read from memory, and
// the background check of an unchanged project (the watermark, no statement).
//   npx tsx bench/agreement-read.ts [--labels 100000] [--reads 10] [--old /tmp/rewardlab-main] [--snapshot]
// It creates its own project in the database DATABASE_URL / .env names.
import crypto from 'node:crypto'
import path from 'node:path'
import fs from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import pg from 'pg'
import { isDeepStrictEqual } from 'node:util'
import { loadEnv } from '../scripts/env.mjs'
import { percentile } from './http-client.ts'
import { setupDashboardProject } from './dashboard-project.ts'

loadEnv()
const { db } = await import('../server/db/client.ts')
type Read = typeof import('../server/services/agreement/get-project-agreement.ts').getProjectAgreement
type Statement = typeof import('../server/services/agreement/read-agreement-aggregates.ts').agreementAggregatesSql
const variants: [string, Read, Statement][] = [['this', (await import('../server/services/agreement/get-project-agreement.ts')).getProjectAgreement,
  (await import('../server/services/agreement/read-agreement-aggregates.ts')).agreementAggregatesSql]]

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const labels = Number(arg('labels', '100000'))
const reads = Number(arg('reads', '10'))
const old = arg('old', '')
if (old) {
  variants.push(['old', (await import(path.resolve(old, 'server/services/agreement/get-project-agreement.ts'))).getProjectAgreement,
    (await import(path.resolve(old, 'server/services/agreement/read-agreement-aggregates.ts'))).agreementAggregatesSql])
}

// The dashboard statement on a connection of its own, whose backend's CPU ticks are read around it.
const backend = new pg.Client({ connectionString: process.env.DATABASE_URL })
await backend.connect()
const { rows: [{ pid }] } = await backend.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
const ticks = () => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]) }
async function statementCpuMs(statement: Statement, projectId: string) {
  const q = statement(projectId, { source: 'HUMAN', includeExternal: true, since: new Date(Date.now() - 30 * 86_400_000) }) as unknown as { text: string; values: unknown[] }
  await backend.query('BEGIN')
  await backend.query("SET LOCAL work_mem = '64MB'")
  const t = ticks()
  await backend.query(q.text, q.values)
  const ms = (ticks() - t) * 10
  await backend.query('COMMIT')
  return ms
}

const owner = await db.user.findFirstOrThrow({ where: { role: { in: ['ADMIN', 'RESEARCHER'] } } })
const t0 = performance.now()
const projectId = await setupDashboardProject(db, owner.id, crypto.randomBytes(4).toString('hex'), labels)
await db.$executeRawUnsafe(`ANALYZE "Label", "Pair"`) // as autovacuum would: the planner needs the new rows
console.log(`project with ${labels} human labels made in ${((performance.now() - t0) / 1000).toFixed(1)} s; reading ${reads} times…`)
// Numbers rounded to 10 digits (sums in another order), the field the old version lacks left out.
const comparable = (x: object) => JSON.parse(JSON.stringify(x, (k, v) => (['reference', 'asOf', 'computedAt', 'refreshing', 'maxAgeSeconds'].includes(k) ? undefined : typeof v === 'number' ? +v.toPrecision(10) : v)))
const first = await Promise.all(variants.map(([, read]) => read(owner, projectId, { fresh: true }).then(comparable)))
const stats = variants.map(() => ({ lat: [] as number[], stallMs: 0, webCpu: [] as number[], dbCpu: [] as number[] }))
for (let i = 0; i < reads; i++) {
  for (const [v, [, read, statement]] of variants.entries()) {
    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    const cpu = process.cpuUsage()
    const t = performance.now()
    await read(owner, projectId, { fresh: true })
    stats[v].lat.push(performance.now() - t)
    const used = process.cpuUsage(cpu)
    stats[v].webCpu.push((used.user + used.system) / 1000)
    loop.disable()
    stats[v].stallMs = Math.max(stats[v].stallMs, loop.max / 1e6)
    stats[v].dbCpu.push(await statementCpuMs(statement, projectId))
  }
}
const snapshot = process.argv.includes('--snapshot') ? await timeSnapshots() : undefined

/** The stored-snapshot paths, `reads` times each, after one read that stores the snapshot. */
async function timeSnapshots() {
  process.env.REWARDLAB_DASHBOARD_MAX_AGE_SECONDS = '5'
  const { forgetAgreementSnapshots } = await import('../server/services/agreement/read-agreement-snapshot.ts')
  const { refreshAgreementSnapshot } = await import('../server/services/agreement/refresh-agreement-snapshot.ts')
  const read = variants[0][1]
  await read(owner, projectId) // stores it (a first read ever computes)
  const time = async (fn: () => Promise<unknown>) => { const t = performance.now(); await fn(); return performance.now() - t }
  const out = { afterRestart: [] as number[], fromMemory: [] as number[], uncheckedLabelsCheck: [] as number[] }
  for (let i = 0; i < reads; i++) {
    forgetAgreementSnapshots()
    out.afterRestart.push(await time(() => read(owner, projectId)))
    out.fromMemory.push(await time(() => read(owner, projectId)))
    out.uncheckedLabelsCheck.push(await time(() => refreshAgreementSnapshot(projectId, { source: 'HUMAN', includeExternal: true }, { wait: true, minCheckAgeMs: 0 })))
  }
  const p50 = (xs: number[]) => +percentile([...xs].sort((a, b) => a - b), 50).toFixed(1)
  const max = (xs: number[]) => +Math.max(...xs).toFixed(1)
  return Object.fromEntries(Object.entries(out).map(([k, xs]) => [k, { p50ms: p50(xs), maxMs: max(xs) }]))
}

const res = first[0]
console.log(JSON.stringify({
  labels, reads,
  ...Object.fromEntries(variants.map(([name], v) => {
    const lat = stats[v].lat.sort((a, b) => a - b)
    const median = (xs: number[]) => +percentile([...xs].sort((a, b) => a - b), 50).toFixed(1)
    return [name, {
      readMinMs: +lat[0].toFixed(1), readP50ms: +percentile(lat, 50).toFixed(1), readMaxMs: +lat.at(-1)!.toFixed(1), eventLoopMaxStallMs: +stats[v].stallMs.toFixed(1),
      webCpuP50ms: median(stats[v].webCpu), statementCpuP50ms: median(stats[v].dbCpu),
    }]
  })),
  ...(old ? { sameNumbers: isDeepStrictEqual(first[0], first[1]) } : {}),
  ...(snapshot ? { snapshot } : {}),
  check: { ratings: res.overall.ratings, fleiss: res.fleiss.kappa, alpha: res.krippendorff.alpha, judgeRate: res.judges[0]?.rate },
}, null, 2))
await backend.end()
await db.$disconnect()
