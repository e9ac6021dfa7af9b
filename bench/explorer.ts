// Data explorer benchmark: a generated project (bench/explorer-data.ts, 100k pairs by default), then
// one page of 50 pairs through the same service the API calls (listPairs), for each filter and sort:
// median and p95 of --runs calls after one warm-up. The project is deleted afterwards unless --keep.
//   npx tsx bench/explorer.ts [--pairs 100000] [--runs 20] [--keep]
import { loadEnv } from '../scripts/env.mjs'

loadEnv()
const { db } = await import('../server/db/client.ts')
const { listPairs } = await import('../server/services/data/list-pairs.ts')
const { generateExplorerProject } = await import('./explorer-data.ts')
type Filter = Parameters<typeof listPairs>[1]['filter']

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const pairs = Number(arg('pairs', '100000'))
const runs = Number(arg('runs', '20'))

const t0 = performance.now()
const g = await generateExplorerProject(pairs)
console.log(`generated ${pairs} pairs in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
const actor = { id: g.ownerId, role: 'RESEARCHER' as const, name: 'bench', email: 'bench@bench.rewardlab' }

async function time(name: string, filter: Filter, after?: string) {
  const page = () => listPairs(actor, { projectId: g.projectId, filter, after, limit: 50 })
  const first = await page()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const s = performance.now()
    await page()
    ms.push(performance.now() - s)
  }
  ms.sort((a, b) => a - b)
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1)
  console.log(`${name.padEnd(44)} rows ${String(first.rows.length).padStart(2)}  median ${at(0.5).padStart(6)} ms  p95 ${at(0.95).padStart(6)} ms`)
  return first
}

const rm = g.rewardModelId
const p1 = await time('import order, no filter', {})
await time('import order, page 2 (keyset)', {}, p1.next!)
// A cursor near the end: keyset costs the same at page 1,800 as at page 1.
const deep = Buffer.from(JSON.stringify([String(pairs - 100 + (p1.rows[0]?.ordinal ?? 1) - 1), ''])).toString('base64url')
await time('import order, last pages (keyset)', {}, deep)
await time('human vs AI disagreement', { humanVsAi: 'disagree' })
await time('human disagreement', { humanDisagree: 'yes' })
await time('human majority B', { majority: 'B' })
await time('source: no labels', { source: 'NONE' })
await time('gold', { gold: 'yes' })
await time('open flags', { flagged: 'open' })
await time('margin >= 1.3 (13% of pairs)', { rm, minMargin: 1.3 })
await time('length 100..200 chars', { minLength: 100, maxLength: 200 })
await time('search "zebra" (10 pairs)', { q: 'zebra' })
await time('search "lorem" (every pair)', { q: 'lorem' })
await time('sort by margin desc', { rm, sort: 'margin' })
await time('sort by length desc', { sort: 'length' })
await time('human vs AI disagreement, sort by margin', { rm, humanVsAi: 'disagree', sort: 'margin' })
const s1 = await time('sort by agreement asc', { sort: 'agreement', dir: 'asc' })
await time('sort by agreement asc, page 2', { sort: 'agreement', dir: 'asc' }, s1.next!)

if (!process.argv.includes('--keep')) await db.project.delete({ where: { id: g.projectId } })
await db.$disconnect()
