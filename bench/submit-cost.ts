// What one label costs inside PostgreSQL: rl_submit_label (lease check, label, audit entry, the next
// claim) called exactly as the web server calls it (one named statement on a plain pg connection),
// with no web server and no HTTP, so the figure is the database's share of a label. Several
// databases (e.g. one migrated by an older checkout) are measured in alternating blocks, so machine
// load hits them alike; per label it reports wall time and the backend's CPU time (/proc/<pid>/stat,
// so run it on the database's machine), and with pg_stat_statements the statements inside it.
//   npx tsx bench/submit-cost.ts --db new=postgresql://…/a --db old=postgresql://…/b
//        [--pairs 40000] [--annotators 32] [--connections 4] [--block 400] [--rounds 5] [--statements]
import crypto from 'node:crypto'
import fs from 'node:fs'
import pg from 'pg'
import { percentile } from './http-client.ts'

const argv = process.argv
const arg = (k: string, d: string) => { const i = argv.indexOf(`--${k}`); return i > 0 ? argv[i + 1] : d }
const dbs = argv.flatMap((a, i) => (a === '--db' ? [argv[i + 1]] : [])).map((s) => {
  const eq = s.indexOf('=')
  return { name: s.slice(0, eq), url: s.slice(eq + 1) }
})
const pairCount = Number(arg('pairs', '40000'))
const annotators = Number(arg('annotators', '32'))
const connections = Number(arg('connections', '4'))
const block = Number(arg('block', '400'))
const rounds = Number(arg('rounds', '5'))
const statements = argv.includes('--statements')
const id = () => crypto.randomBytes(12).toString('hex')
const SUBMIT = 'SELECT rl_submit_label($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS r'

type Lane = { client: pg.Client; pid: number; users: { id: string; lease: string | null }[] }
type Target = { name: string; projectId: string; lanes: Lane[]; wall: number[]; cpuMs: number; labels: number; nextArgs: number; perBlock: number[] }

/** A project of `pairCount` pairs (overlap 2) with `annotators` members, made with plain SQL that every schema version accepts. */
async function setup(name: string, url: string): Promise<Target> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  const tag = id().slice(0, 8)
  const owner = `sc${tag}owner`
  const users = Array.from({ length: annotators }, (_, i) => `sc${tag}u${i}`)
  await c.query(`INSERT INTO "User"(id, email, name, "passwordHash", role, "updatedAt") SELECT u, u || '@bench', u, 'x', 'ANNOTATOR', now() FROM unnest($1::text[]) u`, [[owner, ...users]])
  const p = `sc${tag}p`
  await c.query(`INSERT INTO "Project"(id, name, overlap, "createdById", "updatedAt") VALUES ($1, $1, 2, $2, now())`, [p, owner])
  await c.query(`INSERT INTO "ProjectMember"("projectId", "userId") SELECT $1, u FROM unnest($2::text[]) u`, [p, users])
  await c.query(`INSERT INTO "Prompt"(id,"projectId",text,"contentHash") SELECT $1||g, $2, 'Bench prompt '||g, 'h'||g FROM generate_series(1,$3) g`, [`${p}r`, p, pairCount])
  await c.query(`INSERT INTO "Response"(id,"promptId",text,"contentHash") SELECT $1||s||g, $2||g, 'Answer '||s||' to prompt '||g, s||g FROM generate_series(1,$3) g, (VALUES ('a'),('b')) v(s)`, [`${p}s`, `${p}r`, pairCount])
  await c.query(`INSERT INTO "Pair"(id,"projectId","promptId","responseAId","responseBId","contentHash") SELECT $1||g, $2, $3||g, $4||'a'||g, $4||'b'||g, 'q'||g FROM generate_series(1,$5) g`, [`${p}q`, p, `${p}r`, `${p}s`, pairCount])
  await c.query('ANALYZE "Pair"; ANALYZE "Assignment"; ANALYZE "Label"')
  const [{ n }] = (await c.query(`SELECT pronargs AS n FROM pg_proc WHERE proname = 'rl_next_item'`)).rows
  await c.end()
  const lanes: Lane[] = []
  for (let i = 0; i < connections; i++) {
    const client = new pg.Client({ connectionString: url, application_name: 'submit-cost' })
    await client.connect()
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows
    lanes.push({ client, pid, users: users.filter((_, j) => j % connections === i).map((u) => ({ id: u, lease: null })) })
  }
  return { name, projectId: p, lanes, wall: [], cpuMs: 0, labels: 0, nextArgs: n, perBlock: [] }
}

const cpuTicks = (pid: number) => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]) }

/** One lane's share of a block: each of its annotators in turn submits their lease, which returns the next. */
async function runLane(t: Target, lane: Lane, n: number) {
  for (let i = 0; i < n; i++) {
    const u = lane.users[i % lane.users.length]
    if (!u.lease) {
      const args = [u.id, t.projectId, 2, ...(t.nextArgs === 7 ? [0.1] : []), 30, false, id()]
      const ph = args.map((_, k) => `$${k + 1}`).join(', ')
      u.lease = (await lane.client.query(`SELECT rl_next_item(${ph}) AS item`, args)).rows[0].item?.assignmentId ?? null
      if (!u.lease) continue
    }
    const t0 = performance.now()
    const res = await lane.client.query({ name: 'rl_submit_label', text: SUBMIT,
      values: [u.id, false, u.lease, (['A', 'B', 'TIE'] as const)[i % 3], 3, null, id(), crypto.randomUUID(), id(), 30, false] })
    t.wall.push(performance.now() - t0)
    t.labels++
    u.lease = res.rows[0].r.item?.assignmentId ?? null
  }
}

async function runBlock(t: Target) {
  const before = t.lanes.map((l) => cpuTicks(l.pid))
  const labels0 = t.labels
  await Promise.all(t.lanes.map((l) => runLane(t, l, Math.ceil(block / t.lanes.length))))
  const ms = t.lanes.reduce((s, l, i) => s + (cpuTicks(l.pid) - before[i]) * 10, 0)
  t.cpuMs += ms
  t.perBlock.push(ms / (t.labels - labels0))
}

async function topStatements(url: string) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const { rows } = await c.query(`SELECT calls, round(total_exec_time::numeric, 1) AS ms, round((total_exec_time / calls * 1000)::numeric, 1) AS us_per_call, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls > 50 ORDER BY total_exec_time DESC LIMIT 14`)
    console.table(rows)
  } catch (e) { console.log(`no pg_stat_statements (${(e as Error).message})`) } finally { await c.end() }
}

const targets: Target[] = []
for (const d of dbs) targets.push(await setup(d.name, d.url))
if (statements) {
  for (const t of targets) for (const l of t.lanes) await l.client.query(`SET pg_stat_statements.track = 'all'`)
  await targets[0]?.lanes[0].client.query('SELECT pg_stat_statements_reset()')
}
console.log(`${dbs.length} database(s), ${pairCount} pairs, ${annotators} annotators on ${connections} connections, ${rounds} rounds of ${block} labels each; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`)
for (let r = 0; r < rounds; r++) {
  // Alternate which database goes first, so neither always follows the other's dirty pages.
  for (const t of r % 2 ? [...targets].reverse() : targets) await runBlock(t)
}
for (const t of targets) {
  const w = t.wall.sort((a, b) => a - b)
  const med = [...t.perBlock].sort((a, b) => a - b)[Math.floor(t.perBlock.length / 2)]
  console.log(`${t.name}: ${t.labels} labels, backend CPU ${(t.cpuMs / t.labels).toFixed(3)} ms/label (median of blocks ${med.toFixed(3)}; blocks ${t.perBlock.map((x) => x.toFixed(2)).join(' ')}), wall p50 ${percentile(w, 50).toFixed(2)} ms p99 ${percentile(w, 99).toFixed(2)} ms`)
  for (const l of t.lanes) await l.client.end()
}
console.log(`load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`)
if (statements) for (const d of dbs) { console.log(d.name); await topStatements(d.url) }
