// AI-judge throughput: judgePair over N synthetic pairs against the fake OpenAI endpoint (started
// in-process, or an external one at --url) with a fixed endpoint latency, at several concurrencies.
// Reports pairs/s, requests/s, pair latency, and the overhead per pair OUTSIDE the endpoint's own
// time: pair wall time minus the union of the server-measured handling intervals of its requests
// (the fake reports its handling time in `x-fake-server-ms`), so HTTP, JSON, prompt building,
// parsing and event-loop queueing are what remains.
//   npx tsx bench/judge-throughput.ts [--pairs 256] [--latency 50] [--levels 1,2,4,8,16,32] [--cot] [--no-swap] [--url http://127.0.0.1:8788/v1]
import { AsyncLocalStorage } from 'node:async_hooks'
import os from 'node:os'
import { judgeConfigSchema } from '../server/judge/config.ts'
import { judgePair } from '../server/judge/judge-pair.ts'
import { createEndpointGuard } from '../server/judge/endpoint-guard.ts'
import { createOpenAIProvider } from '../server/judge/openai-client.ts'
import type { PairSample } from '../server/judge/prompt.ts'
import { startFakeOpenAI } from '../tests/support/fake-openai-server.ts'

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(`--${k}`)
  return i > 0 ? process.argv[i + 1] : d
}
const nPairs = Number(arg('pairs', '256'))
const latencyMs = Number(arg('latency', '50'))
const levels = arg('levels', '1,2,4,8,16,32').split(',').map(Number)
const external = arg('url', '')

// Deterministic synthetic dialogue: a ~400-character context and responses of 100–800 characters.
let seed = 42
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
const words = 'the a model answer helpful careful water egg minutes boil safe question because which more detail'.split(' ')
const text = (chars: number) => {
  let s = ''
  while (s.length < chars) s += words[Math.floor(rand() * words.length)] + ' '
  return s.trim()
}
const pairs: PairSample[] = Array.from({ length: nPairs }, (_, i) => ({
  context: `Human: [${i}] ${text(400)}?`,
  responseA: text(100 + rand() * 700),
  responseB: text(100 + rand() * 700),
}))

const fake = external ? null : await startFakeOpenAI({ latencyMs, positionBias: 0.2 })
const baseUrl = external || fake!.url
/** Server handling intervals [start, end] of the current pair's requests, on this process's clock. */
const intervals = new AsyncLocalStorage<[number, number][]>()
const timedFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init)
  const end = performance.now()
  const serverMs = Number(res.headers.get('x-fake-server-ms') ?? 0)
  intervals.getStore()?.push([end - serverMs, end])
  return res
}
const provider = createOpenAIProvider({ baseUrl, model: 'fake-judge', timeoutMs: 60_000, maxRetries: 0, requestsPerMinute: 1e9, fetchImpl: timedFetch,
  // The endpoint is the one this command was given (or its own fake on loopback): allowed explicitly.
  guard: createEndpointGuard({ allowedHosts: [new URL(baseUrl).host] }) })
const cfg = judgeConfigSchema.parse({
  provider: { kind: 'openai', baseUrl, model: 'fake-judge' },
  prompt: { chainOfThought: process.argv.includes('--cot'), orderSwap: !process.argv.includes('--no-swap') },
})

function unionLength(spans: [number, number][]): number {
  let total = 0
  let reach = -Infinity
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (b <= reach) continue
    total += b - Math.max(a, reach)
    reach = b
  }
  return total
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length

async function runLevel(concurrency: number) {
  const walls: number[] = []
  const overheads: number[] = []
  const endpoint: number[] = []
  let requests = 0
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pairs.length) {
        const sample = pairs[next++]
        const spans: [number, number][] = []
        const start = performance.now()
        const j = await intervals.run(spans, () => judgePair(provider, cfg, sample, []))
        const wall = performance.now() - start
        const inEndpoint = unionLength(spans)
        walls.push(wall)
        endpoint.push(inEndpoint)
        overheads.push(wall - inEndpoint)
        requests += j.requests
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  walls.sort((a, b) => a - b)
  return { concurrency, pairsPerS: pairs.length / seconds, requestsPerS: requests / seconds, p50: pct(walls, 50), p95: pct(walls, 95), endpoint: mean(endpoint), overhead: mean(overheads) }
}

await runLevel(4) // warm-up: JIT, connection pool
const rows = []
for (const c of levels) rows.push(await runLevel(c))
const f = (x: number, d = 1) => x.toFixed(d)
console.log(`\njudgePair throughput: ${nPairs} pairs, endpoint latency ${latencyMs} ms, ${external ? `external endpoint ${external}` : 'fake endpoint in-process'}, ` +
  `CoT ${cfg.prompt.chainOfThought}, order swap ${cfg.prompt.orderSwap}; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}\n`)
// The orders run in parallel, so a pair costs one latency per step (two with CoT) at best.
const ideal = (c: number) => (c * 1000) / (latencyMs * (cfg.prompt.chainOfThought ? 2 : 1))
console.log('| concurrency | pairs/s | ideal pairs/s | requests/s | pair wall p50 | p95 | endpoint time / pair | overhead / pair |')
console.log('|---|---|---|---|---|---|---|---|')
for (const r of rows) {
  console.log(`| ${r.concurrency} | ${f(r.pairsPerS)} | ${f(ideal(r.concurrency))} | ${f(r.requestsPerS)} | ${f(r.p50)} ms | ${f(r.p95)} ms | ${f(r.endpoint)} ms | ${f(r.overhead, 2)} ms |`)
}
await fake?.close()
