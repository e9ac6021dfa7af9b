// The OpenAI-compatible judge provider and the rate limiter against a real local HTTP server
// (tests/support/fake-openai-server.ts on 127.0.0.1:0): soft labels, retries, timeouts, auth
// errors without the key, cancellation and request spacing.
import { afterEach, describe, expect, test } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createOpenAIProvider, JudgeHttpError, type OpenAIProviderOptions } from '@/server/judge/openai-client'
import { createRateLimiter } from '@/server/judge/rate-limiter'
import { pairwisePrompt } from '@/server/judge/prompt'
import { softLabelFromLogprobs } from '@/server/judge/soft-label'
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../support/fake-openai-server'

let fake: FakeOpenAI | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function setup(server: FakeOpenAIOptions = {}, client: Partial<OpenAIProviderOptions> = {}) {
  fake = await startFakeOpenAI(server)
  const provider = createOpenAIProvider({
    baseUrl: fake.url,
    model: 'fake-judge',
    timeoutMs: 2000,
    maxRetries: 3,
    requestsPerMinute: 1e6,
    retryBaseMs: 5,
    ...client,
  })
  return { fake, provider }
}

// B is longer, so the fake prefers response 2 with P = 0.8
const messages = pairwisePrompt({ context: 'Human: hi', responseA: 'Hi.', responseB: 'Hello! How can I help you today?' }, { preamble: 'base' })
const scoreReq = { messages, maxTokens: 1, temperature: 0, topLogprobs: 20 }
const elapsed = async <T>(p: Promise<T>) => {
  const t0 = performance.now()
  const settled = await p.then((value) => ({ value }), (error: unknown) => ({ error }))
  return { ...settled, ms: performance.now() - t0 } as { value?: T; error?: unknown; ms: number }
}

describe('requests and responses', () => {
  test('sends the OpenAI body and parses text, first-token log-probs and usage', async () => {
    const { fake, provider } = await setup()
    const res = await provider.complete(scoreReq)
    expect(fake.requests[0]).toMatchObject({ model: 'fake-judge', max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 20 })
    expect(res.text).toBe('2')
    expect(Object.keys(res.firstTokenLogprobs!).sort()).toEqual([' 1', ' 2', '1', '2', 'Response'])
    expect(softLabelFromLogprobs(res.firstTokenLogprobs!)).toBeCloseTo(0.2, 12)
    expect(res.promptTokens).toBeGreaterThan(10)
    expect(res.completionTokens).toBe(1)
  })
  test('asks for no log-probs when topLogprobs is 0; none given means null', async () => {
    const { fake, provider } = await setup({ logprobs: false })
    const res = await provider.complete({ ...scoreReq, topLogprobs: 0 })
    expect(fake.requests[0]).not.toHaveProperty('logprobs')
    expect(fake.requests[0]).not.toHaveProperty('top_logprobs')
    expect(res.firstTokenLogprobs).toBeNull()
    expect((await provider.complete(scoreReq)).firstTokenLogprobs).toBeNull()
  })
})

describe('retries', () => {
  test('429 twice, then success', async () => {
    const { fake, provider } = await setup()
    fake.failNext(2, 429)
    expect((await provider.complete(scoreReq)).text).toBe('2')
    expect(fake.requests).toHaveLength(3)
    expect(provider.stats).toMatchObject({ requests: 3, retries: 2, rateLimited: 2 })
  })
  test('honours Retry-After on 429', async () => {
    const { fake, provider } = await setup({ retryAfter: 1 })
    fake.failNext(1, 429)
    const { ms, value } = await elapsed(provider.complete(scoreReq))
    expect(value?.text).toBe('2')
    expect(ms).toBeGreaterThanOrEqual(950) // backoff alone would be ≤ 5 ms
  })
  test('500 and an unreadable body are retried', async () => {
    const { fake, provider } = await setup()
    fake.failNext(1, 500)
    fake.failNext(1, 'garbage')
    expect((await provider.complete(scoreReq)).text).toBe('2')
    expect(provider.stats).toMatchObject({ retries: 2, serverErrors: 1, badResponses: 1 })
  })
  test('a request that never answers times out and is retried', async () => {
    const { fake, provider } = await setup({}, { timeoutMs: 200 })
    fake.failNext(1, 'timeout')
    const { ms, value } = await elapsed(provider.complete(scoreReq))
    expect(value?.text).toBe('2')
    expect(ms).toBeGreaterThanOrEqual(190)
    expect(provider.stats).toMatchObject({ timeouts: 1, retries: 1 })
  })
  test('gives up after maxRetries with the last error', async () => {
    const { fake, provider } = await setup({}, { maxRetries: 2 })
    fake.failNext(5, 500)
    const { error } = await elapsed(provider.complete(scoreReq))
    expect(error).toBeInstanceOf(JudgeHttpError)
    expect((error as JudgeHttpError).status).toBe(500)
    expect((error as Error).message).toMatch(/HTTP 500 The server had an error \(fake\).*gave up after 3 attempts/)
    expect(fake.requests).toHaveLength(3)
  })
  test('network errors are retried and counted', async () => {
    const closed = http.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const { port } = closed.address() as AddressInfo
    await new Promise((r) => closed.close(r))
    const provider = createOpenAIProvider({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', timeoutMs: 1000, maxRetries: 1, requestsPerMinute: 1e6, retryBaseMs: 1 })
    await expect(provider.complete(scoreReq)).rejects.toThrow(/network error.*gave up after 2 attempts/)
    expect(provider.stats.networkErrors).toBe(2)
  })
})

describe('client errors and auth', () => {
  test('401 fails at once, with the status and message but never the key', async () => {
    const secret = 'sk-live-wrong-0123456789abcdef'
    const { fake, provider } = await setup({ apiKey: 'sk-right' }, { apiKey: secret })
    const { error } = await elapsed(provider.complete(scoreReq))
    const message = (error as Error).message
    expect(message).toContain('HTTP 401')
    expect(message).toContain('Incorrect API key provided')
    expect(message).not.toContain(secret)
    expect(String((error as Error).stack)).not.toContain(secret)
    expect(provider.stats).toMatchObject({ requests: 1, retries: 0 })
    expect(fake.requests).toHaveLength(0)
  })
  test('the right key is sent as a Bearer token', async () => {
    const { provider } = await setup({ apiKey: 'sk-right' }, { apiKey: 'sk-right' })
    expect((await provider.complete(scoreReq)).text).toBe('2')
  })
  test('400 is not retried', async () => {
    const { provider } = await setup()
    await expect(provider.complete({ ...scoreReq, messages: 'nope' as never })).rejects.toThrow(/HTTP 400 invalid body/)
    expect(provider.stats.retries).toBe(0)
  })
})

describe('cancellation', () => {
  test('aborting during a slow request stops at once', async () => {
    const { provider } = await setup({ latencyMs: 5000 })
    const ctl = new AbortController()
    setTimeout(() => ctl.abort(), 100)
    const { error, ms } = await elapsed(provider.complete(scoreReq, ctl.signal))
    expect((error as Error).name).toBe('AbortError')
    expect(ms).toBeLessThan(1000)
    expect(provider.stats.retries).toBe(0)
  })
  test('aborting during a backoff sleep stops at once', async () => {
    const { fake, provider } = await setup({}, { retryBaseMs: 10_000 })
    fake.failNext(1, 500)
    const ctl = new AbortController()
    setTimeout(() => ctl.abort(new Error('job cancelled')), 200)
    const { error, ms } = await elapsed(provider.complete(scoreReq, ctl.signal))
    expect((error as Error).message).toBe('job cancelled')
    expect(ms).toBeLessThan(1500)
    expect(fake.requests).toHaveLength(1)
  })
  test('an already aborted signal sends nothing', async () => {
    const { fake, provider } = await setup()
    await expect(provider.complete(scoreReq, AbortSignal.abort())).rejects.toThrow()
    expect(fake.requests).toHaveLength(0)
  })
})

describe('rate limiter', () => {
  test('spaces requests evenly', async () => {
    const limiter = createRateLimiter(1200) // one every 50 ms
    const t0 = performance.now()
    const times = await Promise.all([0, 1, 2, 3, 4].map(() => limiter.acquire().then(() => performance.now() - t0)))
    expect(times[0]).toBeLessThan(30)
    for (let i = 1; i < 5; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(45)
  })
  test('a burst lets the first requests through together', async () => {
    const limiter = createRateLimiter(1200, { burst: 3 })
    const t0 = performance.now()
    const times = await Promise.all([0, 1, 2, 3].map(() => limiter.acquire().then(() => performance.now() - t0)))
    expect(Math.max(...times.slice(0, 3))).toBeLessThan(30)
    expect(times[3]).toBeGreaterThanOrEqual(45)
  })
  test('the provider shares one limiter across concurrent calls', async () => {
    const { fake, provider } = await setup({}, { requestsPerMinute: 1200 })
    const { ms } = await elapsed(Promise.all([1, 2, 3, 4].map(() => provider.complete(scoreReq))))
    // 4 requests at 50 ms spacing: the last leaves at ≥ 150 ms
    expect(ms).toBeGreaterThanOrEqual(145)
    expect(fake.requests).toHaveLength(4)
  })
  test('an abort while waiting for a slot rejects', async () => {
    const limiter = createRateLimiter(60) // one per second
    await limiter.acquire()
    const ctl = new AbortController()
    setTimeout(() => ctl.abort(), 50)
    const { error, ms } = await elapsed(limiter.acquire(ctl.signal))
    expect((error as Error).name).toBe('AbortError')
    expect(ms).toBeLessThan(500)
  })
})
