// One agreement dashboard read (agreement.project's service, getProjectAgreement) on a project with
// --labels HUMAN labels (five dataset annotators, ~3 per pair) and a judge label per pair, timed
// --reads times after a warm-up read, with the longest event-loop stall meanwhile (labelling requests
// to the same web process wait that long). --old DIR also reads with DIR's getProjectAgreement (a
// checkout of an earlier commit, its node_modules linked), alternating with this one on the same
// project so that machine load hits both alike, and checks that both give the same numbers.
//   npx tsx bench/agreement-read.ts [--labels 100000] [--reads 10] [--old /tmp/rewardlab-main]
// It creates its own project in the database DATABASE_URL / .env names.
import crypto from 'node:crypto'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { isDeepStrictEqual } from 'node:util'
import { loadEnv } from '../scripts/env.mjs'
import { percentile } from './http-client.ts'
import { setupDashboardProject } from './dashboard-project.ts'

loadEnv()
const { db } = await import('../server/db/client.ts')
type Read = typeof import('../server/services/agreement/get-project-agreement.ts').getProjectAgreement
const variants: [string, Read][] = [['this', (await import('../server/services/agreement/get-project-agreement.ts')).getProjectAgreement]]

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const labels = Number(arg('labels', '100000'))
const reads = Number(arg('reads', '10'))
const old = arg('old', '')
if (old) variants.push(['old', (await import(path.resolve(old, 'server/services/agreement/get-project-agreement.ts'))).getProjectAgreement])

const owner = await db.user.findFirstOrThrow({ where: { role: { in: ['ADMIN', 'RESEARCHER'] } } })
const t0 = performance.now()
const projectId = await setupDashboardProject(db, owner.id, crypto.randomBytes(4).toString('hex'), labels)
await db.$executeRawUnsafe(`ANALYZE "Label", "Pair"`) // as autovacuum would: the planner needs the new rows
console.log(`project with ${labels} human labels made in ${((performance.now() - t0) / 1000).toFixed(1)} s; reading ${reads} times…`)
// Numbers rounded to 10 digits (sums in another order), the field the old version lacks left out.
const comparable = (x: object) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'reference' ? undefined : typeof v === 'number' ? +v.toPrecision(10) : v)))
const first = await Promise.all(variants.map(([, read]) => read(owner, projectId).then(comparable)))
const stats = variants.map(() => ({ lat: [] as number[], stallMs: 0 }))
for (let i = 0; i < reads; i++) {
  for (const [v, [, read]] of variants.entries()) {
    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    const t = performance.now()
    await read(owner, projectId)
    stats[v].lat.push(performance.now() - t)
    loop.disable()
    stats[v].stallMs = Math.max(stats[v].stallMs, loop.max / 1e6)
  }
}
const res = first[0]
console.log(JSON.stringify({
  labels, reads,
  ...Object.fromEntries(variants.map(([name], v) => {
    const lat = stats[v].lat.sort((a, b) => a - b)
    return [name, { readMinMs: +lat[0].toFixed(1), readP50ms: +percentile(lat, 50).toFixed(1), readMaxMs: +lat.at(-1)!.toFixed(1), eventLoopMaxStallMs: +stats[v].stallMs.toFixed(1) }]
  })),
  ...(old ? { sameNumbers: isDeepStrictEqual(first[0], first[1]) } : {}),
  check: { ratings: res.overall.ratings, fleiss: res.fleiss.kappa, alpha: res.krippendorff.alpha, judgeRate: res.judges[0]?.rate },
}, null, 2))
await db.$disconnect()
