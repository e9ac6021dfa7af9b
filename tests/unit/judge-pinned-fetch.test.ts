// The judge's HTTP transport (server/judge/pinned-fetch.ts) checks the address it connects to, not only
// the name the guard checked before: a DNS answer that changes to an internal address in between
// (rebinding) is refused and the internal server never sees a request. Lookups are injected: no DNS.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAddressCheck, createEndpointGuard } from '@/server/judge/endpoint-guard'
import { createOpenAIProvider } from '@/server/judge/openai-client'
import { createPinnedFetch } from '@/server/judge/pinned-fetch'

let server: http.Server
let port: number
let hits = 0
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { content: '1' } }], usage: { prompt_tokens: 3, completion_tokens: 1 } }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise((r) => server.close(r)))

const toLoopback = async () => [{ address: '127.0.0.1', family: 4 }]
const toPublic = async () => [{ address: '93.184.216.34', family: 4 }]

describe('pinned connections', () => {
  test('a name that resolves to loopback at connect time is refused before the socket connects', async () => {
    const before = hits
    const f = createPinnedFetch({ lookup: toLoopback, check: createAddressCheck([]) })
    await expect(f(`http://rebind.test:${port}/v1/chat/completions`, { method: 'POST', body: '{}' })).rejects.toThrow(/rebind\.test connects to a loopback address/)
    expect(hits).toBe(before)
  })

  test('an allowed host, or a public address, goes through and the answer reads like fetch', async () => {
    const f = createPinnedFetch({ lookup: toLoopback, check: createAddressCheck([`rebind.test:${port}`]) })
    const res = await f(`http://rebind.test:${port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(await res.text()).choices[0].message.content).toBe('1')
  })

  test('rebinding between the guard and the connection: the judge call fails as refused, not retried', async () => {
    const before = hits
    const provider = createOpenAIProvider({
      baseUrl: `http://rebind.test:${port}/v1`, model: 'm', timeoutMs: 5000, maxRetries: 3, requestsPerMinute: 1e6,
      guard: createEndpointGuard({ allowedHosts: [], lookup: toPublic }), // the name looked public when checked
      fetchImpl: createPinnedFetch({ lookup: toLoopback, check: createAddressCheck([]) }), // …and loopback when connected
    })
    await expect(provider.complete({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 1, temperature: 0, topLogprobs: 0 }))
      .rejects.toThrow(/refused: rebind\.test connects to a loopback address/)
    expect(provider.stats.retries).toBe(0)
    expect(hits).toBe(before)
  })
})
