// What the OpenAI-compatible judge client lets through to and from an endpoint: the endpoint guard
// refuses loopback and private hosts before anything is sent (the resolver is injected: no DNS), a
// redirect is never followed, and an error carries only the endpoint's short sanitised message,
// never its body. Against the fake server on 127.0.0.1, or an injected fetch.
import { afterEach, describe, expect, test, vi } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEndpointGuard, type EndpointGuard } from '@/server/judge/endpoint-guard'
import { createOpenAIProvider, JudgeHttpError, MAX_RESPONSE_BYTES } from '@/server/judge/openai-client'
import { pairwisePrompt } from '@/server/judge/prompt'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server'

let fake: FakeOpenAI | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const noDns = () => Promise.reject(new Error('no DNS in unit tests'))
const localGuard = createEndpointGuard({ allowedHosts: ['127.0.0.1'], lookup: noDns })
const scoreReq = { messages: pairwisePrompt({ context: 'Human: hi', responseA: 'Hi.', responseB: 'Hello!' }, { preamble: 'base' }), maxTokens: 1, temperature: 0, topLogprobs: 20 }
const settle = async <T>(p: Promise<T>) =>
  (await p.then((value) => ({ value }), (error: unknown) => ({ error }))) as { value?: T; error?: unknown }

async function setup(guard: EndpointGuard = localGuard) {
  fake = await startFakeOpenAI()
  const provider = createOpenAIProvider({ baseUrl: fake.url, model: 'fake-judge', timeoutMs: 2000, maxRetries: 3, requestsPerMinute: 1e6, retryBaseMs: 5, guard })
  return { fake, provider }
}

describe('how much of an answer is read', () => {
  const provider = (fetchImpl: typeof fetch) =>
    createOpenAIProvider({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 10_000, maxRetries: 3, requestsPerMinute: 1e6, guard: localGuard, fetchImpl })
  test('a body over the cap is not read to its end, and the call fails at once (no retry)', async () => {
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({ pull(c) { pulled++; c.enqueue(new Uint8Array(1024 * 1024)) } })
    const fetchImpl = vi.fn(async () => new Response(endless, { status: 200 }))
    const error = (await settle(provider(fetchImpl as unknown as typeof fetch).complete(scoreReq))).error as JudgeHttpError
    expect(error.message).toMatch(/the answer is larger than 8 MB; not read/)
    expect(fetchImpl).toHaveBeenCalledTimes(1)
    expect(pulled).toBeLessThanOrEqual(MAX_RESPONSE_BYTES / (1024 * 1024) + 2)
  })
  test('a declared Content-Length over the cap is refused before reading', async () => {
    const fetchImpl = async () => new Response('{}', { status: 200, headers: { 'content-length': String(MAX_RESPONSE_BYTES + 1) } })
    expect(((await settle(provider(fetchImpl).complete(scoreReq))).error as Error).message).toMatch(/larger than 8 MB/)
  })
})

describe('what an endpoint may put into a job error', () => {
  const answering = (status: number, body: string, type = 'text/html'): typeof fetch =>
    async () => new Response(body, { status, headers: { 'content-type': type } })
  const failWith = async (fetchImpl: typeof fetch) => {
    const provider = createOpenAIProvider({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 1000, maxRetries: 0, requestsPerMinute: 1e6, guard: localGuard, fetchImpl })
    return ((await settle(provider.complete(scoreReq))).error as Error).message
  }
  test('a non-JSON error body is described by its size, never shown', async () => {
    const page = '<html><h1>Internal admin</h1><p>db password: hunter2</p></html>'
    const message = await failWith(answering(502, page))
    expect(message).toContain(`HTTP 502 (non-JSON body of ${page.length} bytes)`)
    expect(message).not.toContain('hunter2')
    expect(message).not.toContain('Internal admin')
  })
  test('an OpenAI-style error message is kept, on one line, without control characters, capped', async () => {
    const long = `Model not found\n\u001b[31mred\u001b[0m \u202eevil ${'x'.repeat(1000)}`
    const message = await failWith(answering(404, JSON.stringify({ error: { message: long } }), 'application/json'))
    const shown = message.slice(message.indexOf('HTTP 404 ') + 9)
    expect(shown.startsWith('Model not found [31mred [0m evil x')).toBe(true)
    expect(shown.length).toBeLessThanOrEqual(200)
    expect(message).not.toMatch(/[\u0000-\u001f\u202e]/)
  })
  test('a JSON error body without a message, and a 200 that is not a completion, are described, not shown', async () => {
    expect(await failWith(answering(500, JSON.stringify({ detail: 'stack trace at /srv/internal' }), 'application/json'))).toMatch(/HTTP 500 \(JSON body of \d+ bytes without an error message\)/)
    const message = await failWith(answering(200, '<html>metadata: iam-role-secret</html>'))
    expect(message).toMatch(/unreadable response: non-JSON body of \d+ bytes/)
    expect(message).not.toContain('iam-role-secret')
  })
})

describe('where the judge may send requests', () => {
  test('a loopback endpoint is refused without an allowed-hosts entry, before anything is sent', async () => {
    const { fake, provider } = await setup(createEndpointGuard({ allowedHosts: [], lookup: noDns }))
    const { error } = await settle(provider.complete(scoreReq))
    expect(error).toBeInstanceOf(JudgeHttpError)
    expect((error as Error).message).toMatch(/refused: 127\.0\.0\.1:\d+ is a loopback address.*REWARDLAB_JUDGE_ALLOWED_HOSTS/)
    expect((error as JudgeHttpError).retryable).toBe(false)
    expect(fake.authorizations).toHaveLength(0)
    expect(provider.stats).toMatchObject({ requests: 0, retries: 0 })
  })
  test('a host name is resolved first and refused when it leads to a private address', async () => {
    const lookups: string[] = []
    const guard = createEndpointGuard({ allowedHosts: [], lookup: async (h) => (lookups.push(h), [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }]) })
    const fetchImpl = vi.fn<typeof fetch>()
    const provider = createOpenAIProvider({ baseUrl: 'https://judge.example.com/v1', model: 'm', timeoutMs: 1000, maxRetries: 2, requestsPerMinute: 1e6, guard, fetchImpl })
    await expect(provider.complete(scoreReq)).rejects.toThrow(/judge\.example\.com resolves to a private address/)
    expect(lookups).toEqual(['judge.example.com'])
    expect(fetchImpl).not.toHaveBeenCalled()
  })
  test('a redirect is not followed: its target never sees the request or the key', async () => {
    const { fake } = await setup()
    const redirector = http.createServer((req, res) => {
      res.writeHead(307, { location: `${fake.url}/chat/completions` })
      res.end()
    })
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r))
    try {
      const { port } = redirector.address() as AddressInfo
      const provider = createOpenAIProvider({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', apiKey: 'sk-do-not-forward', timeoutMs: 2000, maxRetries: 2, requestsPerMinute: 1e6, guard: localGuard })
      await expect(provider.complete(scoreReq)).rejects.toThrow(/HTTP 307 redirect \(not followed\)/)
      expect(fake.authorizations).toHaveLength(0)
      expect(provider.stats.retries).toBe(0)
    } finally {
      await new Promise((r) => redirector.close(r))
    }
  })
})
