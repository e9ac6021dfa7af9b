// The OpenAI-compatible judge provider and the rate limiter against a real local HTTP server
// (tests/support/fake-openai-server.ts on 127.0.0.1:0, allowed here by the provider's guard): soft
// labels, retries, timeouts, auth errors without the key, cancellation and request spacing. No test
// times anything: backoffs and the limiter's spacing are read from the schedule they compute (an
// injected sleep, fake timers), and aborts are fired at a point of the exchange, not after a delay.
import { afterEach, describe, expect, test, vi } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEndpointGuard } from '@/server/judge/endpoint-guard'
import { createOpenAIProvider, JudgeHttpError, type OpenAIProviderOptions } from '@/server/judge/openai-client'
import { createRateLimiter, sleep } from '@/server/judge/rate-limiter'
import { pairwisePrompt } from '@/server/judge/prompt'
import { softLabelFromLogprobs } from '@/server/judge/soft-label'
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../support/fake-openai-server'

let fake: FakeOpenAI | undefined
afterEach(async () => {
  vi.useRealTimers()
  await fake?.close()
  fake = undefined
})

/** The fake listens on loopback, which judges may call only when allowed; no DNS is involved. */
const localGuard = createEndpointGuard({ allowedHosts: ['127.0.0.1'], lookup: () => Promise.reject(new Error('no DNS in unit tests')) })

/** A sleep that records what was asked of it and returns at once: the backoff schedule, untimed. */
function recordingSleep() {
  const asked: number[] = []
  const fn = (ms: number, signal?: AbortSignal) => (asked.push(ms), signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve())
  return { asked, fn }
}

async function setup(server: FakeOpenAIOptions = {}, client: Partial<OpenAIProviderOptions> = {}) {
  fake = await startFakeOpenAI(server)
  const provider = createOpenAIProvider({
    baseUrl: fake.url,
    model: 'fake-judge',
    timeoutMs: 2000,
    maxRetries: 3,
    requestsPerMinute: 1e6,
    retryBaseMs: 5,
    guard: localGuard,
    ...client,
  })
  return { fake, provider }
}

// B is longer, so the fake prefers response 2 with P = 0.8
const messages = pairwisePrompt({ context: 'Human: hi', responseA: 'Hi.', responseB: 'Hello! How can I help you today?' }, { preamble: 'base' })
const scoreReq = { messages, maxTokens: 1, temperature: 0, topLogprobs: 20 }
const settle = async <T>(p: Promise<T>) =>
  (await p.then((value) => ({ value }), (error: unknown) => ({ error }))) as { value?: T; error?: unknown }

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
  test('honours Retry-After on 429; backoff doubles with jitter otherwise', async () => {
    const slept = recordingSleep()
    const { fake, provider } = await setup({ retryAfter: 1 }, { sleep: slept.fn, retryBaseMs: 100, random: () => 1 })
    fake.failNext(1, 429)
    fake.failNext(2, 500)
    const { value } = await settle(provider.complete(scoreReq))
    expect(value?.text).toBe('2')
    // 1 s from Retry-After, then 100 · 2^1 and 100 · 2^2 ms (random() = 1: the top of the jitter band)
    expect(slept.asked).toEqual([1000, 200, 400])
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
    const { value, error } = await settle(provider.complete(scoreReq))
    expect(error).toBeUndefined()
    expect(value?.text).toBe('2')
    expect(provider.stats).toMatchObject({ timeouts: 1, retries: 1 })
  })
  test('gives up after maxRetries with the last error', async () => {
    const { fake, provider } = await setup({}, { maxRetries: 2 })
    fake.failNext(5, 500)
    const { error } = await settle(provider.complete(scoreReq))
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
    const provider = createOpenAIProvider({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', timeoutMs: 1000, maxRetries: 1, requestsPerMinute: 1e6, retryBaseMs: 1, guard: localGuard })
    await expect(provider.complete(scoreReq)).rejects.toThrow(/network error.*gave up after 2 attempts/)
    expect(provider.stats.networkErrors).toBe(2)
  })
})

describe('client errors and auth', () => {
  test('401 fails at once, with the status and message but never the key', async () => {
    const secret = 'sk-live-wrong-0123456789abcdef'
    const { fake, provider } = await setup({ apiKey: 'sk-right' }, { apiKey: secret })
    const { error } = await settle(provider.complete(scoreReq))
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
  test('aborting during a request that is never answered stops it', async () => {
    // timeoutMs far beyond the test's own timeout: only the abort can end this call in time.
    const { fake, provider } = await setup({}, { timeoutMs: 600_000 })
    fake.failNext(1, 'timeout')
    const ctl = new AbortController()
    void fake.whenRequests(1).then(() => ctl.abort())
    const { error } = await settle(provider.complete(scoreReq, ctl.signal))
    expect((error as Error).name).toBe('AbortError')
    expect(provider.stats).toMatchObject({ requests: 1, retries: 0, timeouts: 0 })
  })
  test('aborting during a backoff sleep stops it', async () => {
    const ctl = new AbortController()
    const backoff: number[] = []
    const sleepThenCancel = (ms: number, signal?: AbortSignal) => {
      backoff.push(ms)
      const slept = sleep(ms, signal)
      ctl.abort(new Error('job cancelled')) // the cancel arrives while the backoff is under way
      return slept
    }
    // A 10-minute backoff: only the abort can end this call in time.
    const { fake, provider } = await setup({}, { retryBaseMs: 600_000, retryMaxMs: 600_000, random: () => 1, sleep: sleepThenCancel })
    fake.failNext(1, 500)
    const { error } = await settle(provider.complete(scoreReq, ctl.signal))
    expect((error as Error).message).toBe('job cancelled')
    expect(backoff).toEqual([600_000])
    expect(fake.requests).toHaveLength(1)
  })
  test('an already aborted signal sends nothing', async () => {
    const { fake, provider } = await setup()
    await expect(provider.complete(scoreReq, AbortSignal.abort())).rejects.toThrow()
    expect(fake.requests).toHaveLength(0)
  })
})

describe('rate limiter', () => {
  /** Resolution time of each acquire, on the fake clock. */
  async function schedule(limiter: ReturnType<typeof createRateLimiter>, n: number, runFor: number) {
    const times: number[] = []
    const all = Promise.all(Array.from({ length: n }, () => limiter.acquire().then(() => times.push(performance.now()))))
    await vi.advanceTimersByTimeAsync(runFor)
    await all
    return times
  }
  test('spaces requests evenly', async () => {
    vi.useFakeTimers({ now: 0 })
    const times = await schedule(createRateLimiter(1200), 5, 1000) // one every 50 ms
    expect(times).toEqual([0, 50, 100, 150, 200])
  })
  test('a burst lets the first requests through together', async () => {
    vi.useFakeTimers({ now: 0 })
    const times = await schedule(createRateLimiter(1200, { burst: 3 }), 4, 1000)
    expect(times).toEqual([0, 0, 0, 50])
  })
  test('a slot not used is not saved up: after a pause the spacing starts again', async () => {
    const clock = { t: 0 }
    const slept = recordingSleep()
    const limiter = createRateLimiter(60, { now: () => clock.t, sleep: slept.fn })
    await limiter.acquire()
    await limiter.acquire()
    clock.t = 10_000
    await limiter.acquire()
    await limiter.acquire()
    expect(slept.asked).toEqual([0, 1000, 0, 1000])
  })
  test('the provider shares one limiter across concurrent calls', async () => {
    const slept = recordingSleep()
    const limiter = createRateLimiter(1200, { now: () => 0, sleep: slept.fn })
    const { fake, provider } = await setup({}, { limiter })
    await Promise.all([1, 2, 3, 4].map(() => provider.complete(scoreReq)))
    // 4 requests at 50 ms spacing, every one through the same limiter
    expect(slept.asked).toEqual([0, 50, 100, 150])
    expect(fake.requests).toHaveLength(4)
  })
  test('an abort while waiting for a slot rejects', async () => {
    vi.useFakeTimers({ now: 0 })
    const limiter = createRateLimiter(60) // one per second
    await limiter.acquire()
    const ctl = new AbortController()
    const waiting = settle(limiter.acquire(ctl.signal))
    await vi.advanceTimersByTimeAsync(500)
    ctl.abort()
    const { error } = await waiting
    expect((error as Error).name).toBe('AbortError')
  })
})
