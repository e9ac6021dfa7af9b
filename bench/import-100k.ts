// Import benchmark: generates a 100k-line HH-RLHF-style JSONL (the real shipped test lines repeated,
// each made unique by a tag in its first Human turn), imports it into a fresh project through the
// same service the CLI and the worker use, and reports wall time, this process's CPU and peak RSS,
// and the CPU of the PostgreSQL backends that served it. Then imports it again (idempotency).
// --mode all (ALL_OR_NOTHING) leaves out the shipped file's malformed lines, which would refuse the import.
//   npx tsx bench/import-100k.ts [--lines 100000] [--mode skip|all]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { loadEnv } from '../scripts/env.mjs'

loadEnv()
process.env.DATABASE_URL += (process.env.DATABASE_URL!.includes('?') ? '&' : '?') + 'application_name=rewardlab-import-bench'
const { db } = await import('../server/db/client.ts')
const { importLocalFile } = await import('../server/services/imports/import-local-file.ts')
const { parsers } = await import('../server/services/imports/parsers/index.ts')

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const lines = Number(arg('lines', '100000'))
const mode = arg('mode', 'skip') === 'all' ? 'ALL_OR_NOTHING' : 'SKIP_INVALID'

/** The shipped test lines; for ALL_OR_NOTHING only those the parser accepts. */
async function sourceLines() {
  const text = zlib.gunzipSync(fs.readFileSync('data/datasets/hh-rlhf-harmless/test.jsonl.gz')).toString('utf8').trim()
  const bad = new Set<number>()
  if (mode === 'ALL_OR_NOTHING') for await (const item of parsers.HH_RLHF((async function* () { yield text })())) if (item.kind === 'error') bad.add(item.line)
  return text.split('\n').filter((_, i) => !bad.has(i + 1)).map((l) => JSON.parse(l))
}

async function generate(file: string) {
  const src = await sourceLines()
  const out = fs.openSync(file, 'w')
  for (let i = 0; i < lines; i++) {
    const r = src[i % src.length]
    const tag = (s: string) => s.replace('Human: ', `Human: [${i}] `)
    fs.writeSync(out, JSON.stringify({ chosen: tag(r.chosen), rejected: tag(r.rejected) }) + '\n')
  }
  fs.closeSync(out)
}

const pgTicks = (pid: number) => {
  try { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]) } catch { return 0 }
}

async function run(file: string, projectId: string, actor: { id: string; role: 'ADMIN' | 'RESEARCHER' | 'ANNOTATOR'; name: string; email: string }) {
  const ticks = new Map<number, number>()
  let peak = 0
  const sample = async () => {
    peak = Math.max(peak, process.memoryUsage().rss)
    for (const { pid } of await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE application_name = 'rewardlab-import-bench'`) ticks.set(pid, Math.max(ticks.get(pid) ?? 0, pgTicks(pid)))
  }
  const timer = setInterval(() => void sample(), 100)
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const imp = await importLocalFile(actor, { projectId, format: 'HH_RLHF', mode, filePath: file })
  clearInterval(timer)
  await sample()
  const cpu = process.cpuUsage(c0)
  return {
    status: imp.job.status, pairsCreated: imp.pairsCreated, pairsExisting: imp.pairsExisting, invalidLines: imp.invalidLines,
    wallSeconds: +((performance.now() - t0) / 1000).toFixed(1), nodeCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    postgresCpuSeconds: +([...ticks.values()].reduce((a, b) => a + b, 0) / 100).toFixed(1), peakRssMb: Math.round(peak / 1048576),
  }
}

const file = path.join(os.tmpdir(), `rewardlab-bench-${lines}${mode === 'ALL_OR_NOTHING' ? '-valid' : ''}.jsonl`)
if (!fs.existsSync(file)) await generate(file)
const owner = await db.user.findFirstOrThrow({ where: { role: { in: ['ADMIN', 'RESEARCHER'] }, active: true } })
const actor = { id: owner.id, role: owner.role, name: owner.name, email: owner.email }
const project = await db.project.create({ data: { name: `bench import ${lines}`, createdById: owner.id } })
console.log(`file: ${file} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB, ${lines} lines), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
console.log('first import:', JSON.stringify(await run(file, project.id, actor)))
console.log('re-import:   ', JSON.stringify(await run(file, project.id, actor)))
await db.project.delete({ where: { id: project.id } })
await db.$disconnect()
