// Load benchmark: many annotators sign in over HTTP and label concurrently against a running
// production build (`npm start`), for a fixed time. Then the stored rows are counted: every
// accepted label must be stored exactly once.
//   npx tsx bench/label-load.ts [--base http://127.0.0.1:3000] [--annotators 32] [--seconds 60] [--pairs 40000]
//                               [--dashboards 2 [--dashboard-labels 100000] [--dashboard-project ID] [--dashboard-trickle]]
// --dashboards N adds N researchers who refresh the agreement dashboard (agreement.project) of a
// second project holding --dashboard-labels labels once a second while the annotators label, and
// reports the dashboard reads' latency beside the labels' (dashboardFirstMs: each researcher's first
// read, the cold one after a server start). --dashboard-project reads an existing dashboard project
// (one an earlier run made, e.g. to measure the first read after a restart) instead of making one;
// --dashboard-trickle adds one label a second to it during the run, so its numbers keep changing
// (the annotators label the other project).
// It creates its own projects and bench users in the database the server uses (DATABASE_URL / .env).
import crypto from 'node:crypto'
import { loadEnv } from '../scripts/env.mjs'
import { BenchUser, percentile } from './http-client.ts'
import { setupDashboardProject } from './dashboard-project.ts'

loadEnv()
const { db } = await import('../server/db/client.ts')
const { hashPassword } = await import('../server/auth/password.ts')

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const base = arg('base', 'http://127.0.0.1:3000')
const annotators = Number(arg('annotators', '32'))
const seconds = Number(arg('seconds', '60'))
const pairCount = Number(arg('pairs', '40000'))
const dashboards = Number(arg('dashboards', '0'))
const dashboardLabels = Number(arg('dashboard-labels', '100000'))
const dashboardProject = arg('dashboard-project', '')
const trickle = process.argv.includes('--dashboard-trickle')
const overlap = 2
const PASSWORD = 'bench-password-1'

type Item = { done?: boolean; assignmentId?: string }

async function setup() {
  const tag = crypto.randomBytes(4).toString('hex')
  const hash = await hashPassword(PASSWORD)
  const owner = await db.user.findFirstOrThrow({ where: { role: { in: ['ADMIN', 'RESEARCHER'] } } })
  const project = await db.project.create({ data: { name: `bench ${tag}`, createdById: owner.id, overlap } })
  const emails = Array.from({ length: annotators }, (_, i) => `bench-${tag}-${i}@bench.rewardlab`)
  await db.user.createMany({ data: emails.map((email) => ({ email, name: email, role: 'ANNOTATOR' as const, passwordHash: hash })) })
  const users = await db.user.findMany({ where: { email: { in: emails } } })
  await db.projectMember.createMany({ data: users.map((u) => ({ projectId: project.id, userId: u.id })) })
  const p = project.id
  await db.$executeRawUnsafe(`INSERT INTO "Prompt"(id,"projectId",text,"contentHash") SELECT 'bp${tag}'||g, $1, 'Bench prompt '||g, 'h'||g FROM generate_series(1,$2) g`, p, pairCount)
  await db.$executeRawUnsafe(`INSERT INTO "Response"(id,"promptId",text,"contentHash") SELECT 'b${tag}'||s||g, 'bp${tag}'||g, 'Answer '||s||' to prompt '||g, s||g FROM generate_series(1,$1) g, (VALUES ('a'),('b')) v(s)`, pairCount)
  await db.$executeRawUnsafe(`INSERT INTO "Pair"(id,"projectId","promptId","responseAId","responseBId","contentHash") SELECT 'bq${tag}'||g, $1, 'bp${tag}'||g, 'b${tag}a'||g, 'b${tag}b'||g, 'q'||g FROM generate_series(1,$2) g`, p, pairCount)
  const dashboard = dashboards > 0
    ? { projectId: dashboardProject || await setupDashboardProject(db, owner.id, tag, dashboardLabels), emails: await setupResearchers(tag, dashboards) }
    : null
  return { projectId: p, emails, dashboard }
}

/** One researcher reading the agreement dashboard once a second (a read slower than that starts the next at once). */
async function dashboardLoop(user: BenchUser, projectId: string, until: number, lat: number[], firsts: number[], errors: Map<string, number>) {
  let first = true
  while (Date.now() < until) {
    const t = performance.now()
    try {
      await user.query('agreement.project', { projectId })
      lat.push(performance.now() - t)
      if (first) firsts.push(performance.now() - t)
      first = false
    } catch (e) {
      const code = `dashboard ${(e as { code?: string }).code ?? 'NETWORK'}`
      errors.set(code, (errors.get(code) ?? 0) + 1)
    }
    const wait = 1000 - (performance.now() - t)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
}

async function setupResearchers(tag: string, n: number) {
  const hash = await hashPassword(PASSWORD)
  const emails = Array.from({ length: n }, (_, i) => `bench-${tag}-r${i}@bench.rewardlab`)
  await db.user.createMany({ data: emails.map((email) => ({ email, name: email, role: 'RESEARCHER' as const, passwordHash: hash })) })
  return emails
}

async function annotatorLoop(user: BenchUser, projectId: string, until: number, lat: { next: number[]; submit: number[] }, stats: { accepted: number; errors: Map<string, number> }) {
  const t0 = performance.now()
  // The first item of all annotators at once (one interactive transaction each) can time out on a
  // crowded machine; asked again, as the annotate page's reload would, and counted among the errors.
  let item: Item = {}
  for (let tries = 0; ; tries++) {
    try { item = await user.query<Item>('annotation.next', { projectId }); break } catch (e) {
      const code = `first next ${(e as { code?: string }).code ?? 'NETWORK'}`
      stats.errors.set(code, (stats.errors.get(code) ?? 0) + 1)
      if (tries === 4) throw e
    }
  }
  lat.next.push(performance.now() - t0)
  while (Date.now() < until && item.assignmentId) {
    const choice = (['A', 'B', 'TIE'] as const)[Math.floor(Math.random() * 3)]
    const t = performance.now()
    try {
      item = await user.mutate<Item>('annotation.submit', { assignmentId: item.assignmentId, choice, confidence: 3 })
      lat.submit.push(performance.now() - t)
      stats.accepted++
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'NETWORK'
      stats.errors.set(code, (stats.errors.get(code) ?? 0) + 1)
      item = await user.query<Item>('annotation.next', { projectId })
    }
  }
}

/** One label a second on the dashboard project's pairs, by a rater of its own per run. */
async function trickleLoop(projectId: string, until: number, tag: string) {
  const pairs = await db.pair.findMany({ where: { projectId }, select: { id: true }, take: 5000 })
  for (let i = 0; Date.now() < until; i++) {
    await db.label.create({ data: { pairId: pairs[i % pairs.length].id, projectId, source: 'HUMAN', choice: 'A', raterKey: `ext:trickle-${tag}`, raterName: 'Trickle' } })
    await new Promise((r) => setTimeout(r, 1000))
  }
}

function dashboardFigures(lat: number[], firsts: number[]) {
  const d = lat.sort((a, b) => a - b)
  return {
    dashboards, dashboardLabels, dashboardReads: d.length, dashboardFirstMs: firsts.map((x) => +x.toFixed(1)),
    dashboardP50ms: +percentile(d, 50).toFixed(1), dashboardP99ms: +percentile(d, 99).toFixed(1), dashboardMaxMs: +(d.at(-1) ?? NaN).toFixed(1),
  }
}

async function main() {
  console.log(`setting up ${annotators} annotators and ${pairCount} pairs (overlap ${overlap})…`)
  const { projectId, emails, dashboard } = await setup()
  const users = emails.map(() => new BenchUser(base))
  await Promise.all(users.map((u, i) => u.signIn(emails[i], PASSWORD)))
  const researchers = (dashboard?.emails ?? []).map(() => new BenchUser(base))
  await Promise.all(researchers.map((u, i) => u.signIn(dashboard!.emails[i], PASSWORD)))
  console.log(`signed in; labelling for ${seconds} s against ${base}${dashboard ? ` while ${dashboards} researchers refresh a ${dashboardLabels}-label dashboard every second` : ''}…`)
  const lat = { next: [] as number[], submit: [] as number[] }
  const dashLat: number[] = []
  const dashFirsts: number[] = []
  const stats = { accepted: 0, errors: new Map<string, number>() }
  const start = Date.now()
  const until = start + seconds * 1000
  await Promise.all([
    ...users.map((u) => annotatorLoop(u, projectId, until, lat, stats)),
    ...researchers.map((u) => dashboardLoop(u, dashboard!.projectId, until, dashLat, dashFirsts, stats.errors)),
    ...(dashboard && trickle ? [trickleLoop(dashboard.projectId, until, crypto.randomBytes(4).toString('hex'))] : []),
  ])
  const elapsed = (Date.now() - start) / 1000
  const [row] = await db.$queryRawUnsafe<{ labels: bigint; distinct_keys: bigint; over: bigint; done: bigint }[]>(`
    SELECT (SELECT count(*) FROM "Label" l WHERE l."projectId" = $1) AS labels,
           (SELECT count(DISTINCT (l."pairId", l."raterKey")) FROM "Label" l WHERE l."projectId" = $1) AS distinct_keys,
           (SELECT count(*) FROM (SELECT l."pairId" FROM "Label" l WHERE l."projectId" = $1 GROUP BY l."pairId" HAVING count(*) > $2) x) AS over,
           (SELECT count(*) FROM "Assignment" WHERE "projectId" = $1 AND status = 'DONE') AS done`, projectId, overlap)
  const s = lat.submit.sort((a, b) => a - b)
  const result = {
    annotators, seconds: elapsed, accepted: stats.accepted, labelsPerSecond: +(stats.accepted / elapsed).toFixed(1),
    submitP50ms: +percentile(s, 50).toFixed(1), submitP99ms: +percentile(s, 99).toFixed(1), submitMaxMs: +(s.at(-1) ?? NaN).toFixed(1),
    // Each annotator's first annotation.next, sent all at once at the start: how busy a just-started server is.
    firstNextP50ms: +percentile([...lat.next].sort((a, b) => a - b), 50).toFixed(1), firstNextMaxMs: +Math.max(...lat.next).toFixed(1),
    ...(dashboard ? { dashboardProject: dashboard.projectId, ...dashboardFigures(dashLat, dashFirsts) } : {}),
    errors: Object.fromEntries(stats.errors),
    stored: Number(row.labels), duplicates: Number(row.labels) - Number(row.distinct_keys), pairsOverOverlap: Number(row.over),
    lost: stats.accepted - Number(row.labels), doneAssignments: Number(row.done),
  }
  console.log(JSON.stringify(result, null, 2))
  const ok = result.lost === 0 && result.duplicates === 0 && result.pairsOverOverlap === 0 && result.doneAssignments === result.stored
  console.log(ok ? 'OK: every accepted label stored exactly once' : 'MISMATCH: see the counts above')
  await db.$disconnect()
  process.exit(ok ? 0 : 1)
}
await main()
