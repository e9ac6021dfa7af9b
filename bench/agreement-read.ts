// One agreement dashboard read (agreement.project's service, getProjectAgreement) on a project with
// --labels HUMAN labels (five dataset annotators, ~3 per pair) and a judge label per pair, timed
// --reads times after one warm-up read; also how long the event loop was blocked meanwhile (the
// labelling requests of the same web process wait that long).
//   npx tsx bench/agreement-read.ts [--labels 100000] [--reads 10]
// It creates its own project in the database DATABASE_URL / .env names.
import crypto from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { loadEnv } from '../scripts/env.mjs'
import { percentile } from './http-client.ts'
import { setupDashboardProject } from './dashboard-project.ts'

loadEnv()
const { db } = await import('../server/db/client.ts')
const { getProjectAgreement } = await import('../server/services/agreement/get-project-agreement.ts')

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const labels = Number(arg('labels', '100000'))
const reads = Number(arg('reads', '10'))

const owner = await db.user.findFirstOrThrow({ where: { role: { in: ['ADMIN', 'RESEARCHER'] } } })
const t0 = performance.now()
const projectId = await setupDashboardProject(db, owner.id, crypto.randomBytes(4).toString('hex'), labels)
await db.$executeRawUnsafe(`ANALYZE "Label", "Pair"`) // as autovacuum would: the planner needs the new rows
console.log(`project with ${labels} human labels made in ${((performance.now() - t0) / 1000).toFixed(1)} s; reading ${reads} times…`)
await getProjectAgreement(owner, projectId)
const lat: number[] = []
const loop = monitorEventLoopDelay({ resolution: 5 })
loop.enable()
let res: Awaited<ReturnType<typeof getProjectAgreement>> | null = null
for (let i = 0; i < reads; i++) {
  const t = performance.now()
  res = await getProjectAgreement(owner, projectId)
  lat.push(performance.now() - t)
}
loop.disable()
lat.sort((a, b) => a - b)
console.log(JSON.stringify({
  labels, reads, readP50ms: +percentile(lat, 50).toFixed(1), readMaxMs: +lat.at(-1)!.toFixed(1),
  eventLoopMaxBlockMs: +(loop.max / 1e6).toFixed(1),
  check: { ratings: res?.overall.ratings, fleiss: res?.fleiss.kappa, alpha: res?.krippendorff.alpha, judgeRate: res?.judges[0]?.rate },
}, null, 2))
await db.$disconnect()
