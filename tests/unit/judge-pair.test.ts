// judgePair end to end over real HTTP against the fake endpoint (it prefers the longer response
// with P = 0.8), plus stub providers for parse failures and sibling cancellation.
import { afterEach, describe, expect, test } from 'vitest'
import { judgeConfigSchema, type JudgeConfigInput } from '@/server/judge/config'
import { createEndpointGuard } from '@/server/judge/endpoint-guard'
import { JudgeParseError, judgePair, rateResponse } from '@/server/judge/judge-pair'
import { createOpenAIProvider } from '@/server/judge/openai-client'
import type { JudgeProvider } from '@/server/judge/provider'
import { COT_ENDING, type Exemplar } from '@/server/judge/prompt'
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../support/fake-openai-server'

let fake: FakeOpenAI | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

// A is the longer response (35 vs 14 characters)
const sample = { context: 'Human: How do I boil an egg?', responseA: 'Boil it for 8 minutes, then cool it', responseB: 'Eggs are nice.' }
const exemplars: Exemplar[] = [
  { prompt: 'Human: 2+2?', responseA: '5', responseB: '4', preferred: 2, rationale: 'Response 2 is right.' },
  { prompt: 'Human: hi', responseA: 'Hello!', responseB: '...', preferred: 1 },
]

async function setup(server: FakeOpenAIOptions = {}, cfg: Omit<JudgeConfigInput, 'provider'> = {}) {
  fake = await startFakeOpenAI(server)
  const config = judgeConfigSchema.parse({ provider: { kind: 'openai', baseUrl: fake.url, model: 'fake-judge' }, ...cfg })
  const provider = createOpenAIProvider({ baseUrl: fake.url, model: 'fake-judge', timeoutMs: 2000, maxRetries: 2, requestsPerMinute: 1e6, retryBaseMs: 5,
    guard: createEndpointGuard({ allowedHosts: ['127.0.0.1'] }) })
  return { fake, config, provider }
}
const lastUser = (f: FakeOpenAI, i: number) => f.requests[i].messages.findLast((m) => m.role === 'user')!.content

describe('pairwise', () => {
  test('soft label averaged over both orders', async () => {
    const { fake, config, provider } = await setup()
    const j = await judgePair(provider, config, sample, [])
    // AB: A (longer) is "1" → p1 = 0.8; BA: A is "2" → p1 = 0.2; pA = (0.8 + (1 − 0.2)) / 2 = 0.8
    expect(j.orders.map((o) => [o.order, o.hard])).toEqual([['AB', false], ['BA', false]])
    expect(j.orders[0].p1).toBeCloseTo(0.8, 12)
    expect(j.orders[1].p1).toBeCloseTo(0.2, 12)
    expect(j.pA).toBeCloseTo(0.8, 12)
    expect(j.hard).toBe(false)
    expect(j.requests).toBe(2)
    expect(fake.requests.every((r) => r.max_tokens === 1 && r.temperature === 0 && r.top_logprobs === 20)).toBe(true)
    expect(lastUser(fake, 0) === lastUser(fake, 1)).toBe(false) // the second shows the swapped order
    // the fake counts ceil(characters / 4) per request; the judge sums what the endpoint reported
    expect(j.promptTokens).toBe(fake.requests.reduce((s, r) => s + Math.ceil(r.messages.reduce((n, m) => n + m.content.length, 0) / 4), 0))
    expect(j.completionTokens).toBe(2)
  })
  test('order averaging removes part of a position bias', async () => {
    // logit(0.8) = ln 4; + ln 2 → AB: p1 = 8/9. BA: −ln 4 + ln 2 = −ln 2 → p1 = 1/3.
    // pA = (8/9 + 2/3) / 2 = 7/9; without the swap it would stay 8/9.
    const biased = await setup({ positionBias: Math.log(2) })
    expect((await judgePair(biased.provider, biased.config, sample, [])).pA).toBeCloseTo(7 / 9, 12)
    await biased.fake.close()
    const single = await setup({ positionBias: Math.log(2) }, { prompt: { orderSwap: false } })
    const j = await judgePair(single.provider, single.config, sample, [])
    expect(j.pA).toBeCloseTo(8 / 9, 12)
    expect(j.orders).toHaveLength(1)
  })
  test('chain of thought: rationale first, then scored with the rationale appended', async () => {
    const { fake, config, provider } = await setup({}, { prompt: { chainOfThought: true }, sampling: { maxTokens: 64 } })
    const j = await judgePair(provider, config, sample, [])
    expect(j.requests).toBe(4)
    expect(j.orders[0].rationale).toMatch(/^Response 1 covers more/)
    expect(j.orders[1].rationale).toMatch(/^Response 2 covers more/) // A is shown second in BA
    const rationaleReqs = fake.requests.filter((r) => lastUser(fake, fake.requests.indexOf(r)).endsWith('Rationale:'))
    expect(rationaleReqs.map((r) => [r.max_tokens, r.temperature, r.logprobs])).toEqual([[64, 0, undefined], [64, 0, undefined]])
    const scored = fake.requests.map((_, i) => lastUser(fake, i)).filter((u) => u.endsWith(COT_ENDING))
    expect(scored).toHaveLength(2)
    expect(scored.some((u) => u.includes(`Rationale: ${j.orders[0].rationale}`))).toBe(true)
    expect(j.pA).toBeCloseTo(0.8, 12)
  })
  test('few-shot takes the first cfg.prompt.fewShot exemplars', async () => {
    const { fake, config, provider } = await setup({}, { prompt: { fewShot: 1 } })
    await judgePair(provider, config, sample, exemplars)
    expect(lastUser(fake, 0)).toContain('### Example 1')
    expect(lastUser(fake, 0)).not.toContain('### Example 2')
  })
  test('cost from the token counts and prices', async () => {
    const { config, provider } = await setup({}, { price: { pricePer1kPromptTokens: 0.5, pricePer1kCompletionTokens: 2 } })
    const j = await judgePair(provider, config, sample, [])
    expect(j.costUsd).toBeCloseTo((j.promptTokens * 0.5 + j.completionTokens * 2) / 1000, 15)
    expect(j.costUsd).toBeGreaterThan(0)
  })
})

describe('hard fallback without log-probabilities', () => {
  test('digit answers give hard labels in one call per order', async () => {
    const { config, provider } = await setup({ logprobs: false })
    const j = await judgePair(provider, config, sample, [])
    // AB answers "1" → p1 = 1, BA answers "2" → p1 = 0: pA = (1 + 1) / 2 = 1
    expect(j).toMatchObject({ pA: 1, hard: true, requests: 2 })
    expect(j.orders.map((o) => o.raw)).toEqual(['1', '2'])
  })
  test('a first token that is not the answer gets a longer second call', async () => {
    const { fake, config, provider } = await setup({ logprobs: true, answerStyle: 'sentence' })
    const j = await judgePair(provider, config, sample, [])
    expect(j).toMatchObject({ pA: 1, hard: true, requests: 4 })
    expect(j.orders[0].raw).toBe('Response 1 is better.')
    expect(fake.requests.filter((r) => r.max_tokens === 8 && !r.logprobs)).toHaveLength(2)
  })
  test('an unreadable answer throws JudgeParseError', async () => {
    const provider: JudgeProvider = { complete: async () => ({ text: 'I would rather not say.', firstTokenLogprobs: { I: -0.1 }, promptTokens: 1, completionTokens: 1 }) }
    const config = judgeConfigSchema.parse({ provider: { kind: 'onnx', modelDir: 'x' } })
    await expect(judgePair(provider, config, sample, [])).rejects.toBeInstanceOf(JudgeParseError)
    const rating = judgeConfigSchema.parse({ provider: { kind: 'onnx', modelDir: 'x' }, prompt: { mode: 'rating' } })
    await expect(judgePair(provider, rating, sample, [])).rejects.toThrow(/rating is not 1–10/)
  })
})

describe('d-RLAIF rating mode', () => {
  test('each response rated, expected rating rescaled, linear map to pA', async () => {
    const { config, provider } = await setup({}, { prompt: { mode: 'rating' } })
    const j = await judgePair(provider, config, sample, [])
    // A: 35 chars → centre 1 + 3 = 4, P(3, 4, 5) = (0.2, 0.6, 0.2) → 4 → (3/9)·2 − 1 = −1/3
    // B: 14 chars → centre 2, P(1, 2, 3) = (0.2, 0.6, 0.2) → 2 → (1/9)·2 − 1 = −7/9
    // pA = 0.5 + (−1/3 + 7/9) / 4 = 0.5 + (4/9) / 4 = 0.5 + 1/9
    expect(j.ratings!.a).toBeCloseTo(-1 / 3, 12)
    expect(j.ratings!.b).toBeCloseTo(-7 / 9, 12)
    expect(j.pA).toBeCloseTo(0.5 + 1 / 9, 12)
    expect(j).toMatchObject({ hard: false, orders: [], requests: 2 })
  })
  test('edge of the scale and the text fallback', async () => {
    const long = { ...sample, responseA: 'x'.repeat(200) }
    const { config, provider } = await setup({ logprobs: false }, { prompt: { mode: 'rating' } })
    const j = await judgePair(provider, config, long, [])
    // without log-probs the text is read: A "10" → 1, B "2" → −7/9; pA = 0.5 + (16/9)/4 = 17/18
    expect(j.ratings!.raw).toEqual(['10', '2'])
    expect(j.pA).toBeCloseTo(17 / 18, 12)
    expect(j).toMatchObject({ hard: true, requests: 4 })
  })
  test('one response alone (PPO rewards): its rating, tokens and cost, whatever the judge\'s pairwise mode', async () => {
    const { fake, config, provider } = await setup({}, { price: { pricePer1kPromptTokens: 0.5, pricePer1kCompletionTokens: 1.5 } })
    const r = await rateResponse(provider, config, sample.context, sample.responseA)
    expect(r.r).toBeCloseTo(-1 / 3, 12) // 35 chars: as above
    // The fake counts ceil(characters / 4) prompt tokens and one completion token.
    const promptTokens = Math.ceil(fake.requests[0].messages.reduce((n, m) => n + m.content.length, 0) / 4)
    expect(r).toMatchObject({ hard: false, requests: 1, promptTokens, completionTokens: 1 })
    expect(r.costUsd).toBeCloseTo((promptTokens * 0.5 + 1.5) / 1000, 12)
    expect(lastUser(fake, 0)).toMatch(/Rating=$/)
  })
})

describe('cancellation', () => {
  test('an outer abort stops both orders', async () => {
    // The endpoint never answers: only the abort can end the pair, and it comes once both orders are sent.
    const { fake, config, provider } = await setup()
    fake.failNext(2, 'timeout')
    const ctl = new AbortController()
    void fake.whenRequests(2).then(() => ctl.abort())
    await expect(judgePair(provider, config, sample, [], ctl.signal)).rejects.toThrow(/abort/i)
    expect(fake.requests).toHaveLength(2)
    expect(fake.served.count).toBe(0)
  })
  test('a failing order aborts its sibling', async () => {
    let siblingAborted = false
    const provider: JudgeProvider = {
      complete: (req, signal) =>
        req.messages[1].content.includes('Response 1:\nEggs')
          ? Promise.reject(new Error('BA failed'))
          : new Promise((_, reject) => signal!.addEventListener('abort', () => ((siblingAborted = true), reject(signal!.reason)))),
    }
    const config = judgeConfigSchema.parse({ provider: { kind: 'onnx', modelDir: 'x' } })
    await expect(judgePair(provider, config, sample, [])).rejects.toThrow('BA failed')
    expect(siblingAborted).toBe(true)
  })
})
