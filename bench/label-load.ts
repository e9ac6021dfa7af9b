// Load benchmark: many annotators sign in over HTTP and label concurrently against a running
// production build (`npm start`), for a fixed time. Then the stored rows are counted: every
// accepted label must be stored exactly once.
//   npx tsx bench/label-load.ts [--base http://127.0.0.1:3000] [--annotators 32] [--seconds 60] [--pairs 40000]
// It creates its own project and bench users in the database the server uses (DATABASE_URL / .env).
import crypto from 'node:crypto'
import { loadEnv } from '../scripts/env.mjs'
import { BenchUser, percentile } from './http-client.ts'

loadEnv()
const { db } = await import('../server/db/client.ts')
const { hashPassword } = await import('../server/auth/password.ts')

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const base = arg('base', 'http://127.0.0.1:3000')
const annotators = Number(arg('annotators', '32'))
const seconds = Number(arg('seconds', '60'))
const pairCount = Number(arg('pairs', '40000'))
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
  return { projectId: p, emails }
}

async function annotatorLoop(user: BenchUser, projectId: string, until: number, lat: { next: number[]; submit: number[] }, stats: { accepted: number; errors: Map<string, number> }) {
  const t0 = performance.now()
  let item = await user.query<Item>('annotation.next', { projectId })
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

async function main() {
  console.log(`setting up ${annotators} annotators and ${pairCount} pairs (overlap ${overlap})…`)
  const { projectId, emails } = await setup()
  const users = emails.map(() => new BenchUser(base))
  await Promise.all(users.map((u, i) => u.signIn(emails[i], PASSWORD)))
  console.log(`signed in; labelling for ${seconds} s against ${base}…`)
  const lat = { next: [] as number[], submit: [] as number[] }
  const stats = { accepted: 0, errors: new Map<string, number>() }
  const start = Date.now()
  await Promise.all(users.map((u) => annotatorLoop(u, projectId, start + seconds * 1000, lat, stats)))
  const elapsed = (Date.now() - start) / 1000
  const [row] = await db.$queryRawUnsafe<{ labels: bigint; distinct_keys: bigint; over: bigint; done: bigint }[]>(`
    SELECT (SELECT count(*) FROM "Label" l JOIN "Pair" p ON p.id = l."pairId" WHERE p."projectId" = $1) AS labels,
           (SELECT count(DISTINCT (l."pairId", l."raterKey")) FROM "Label" l JOIN "Pair" p ON p.id = l."pairId" WHERE p."projectId" = $1) AS distinct_keys,
           (SELECT count(*) FROM (SELECT l."pairId" FROM "Label" l JOIN "Pair" p ON p.id = l."pairId" WHERE p."projectId" = $1 GROUP BY l."pairId" HAVING count(*) > $2) x) AS over,
           (SELECT count(*) FROM "Assignment" WHERE "projectId" = $1 AND status = 'DONE') AS done`, projectId, overlap)
  const s = lat.submit.sort((a, b) => a - b)
  const result = {
    annotators, seconds: elapsed, accepted: stats.accepted, labelsPerSecond: +(stats.accepted / elapsed).toFixed(1),
    submitP50ms: +percentile(s, 50).toFixed(1), submitP99ms: +percentile(s, 99).toFixed(1), submitMaxMs: +(s.at(-1) ?? NaN).toFixed(1),
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
