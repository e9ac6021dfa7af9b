// Structure of the RLAIF labeller prompts and the judge config defaults.
import { describe, expect, test } from 'vitest'
import { judgeConfigSchema } from '@/server/judge/config'
import {
  COT_ENDING,
  cotRationalePrompt,
  cotScorePrompt,
  pairwisePrompt,
  PREAMBLES,
  ratingPrompt,
  swapSample,
  type Exemplar,
} from '@/server/judge/prompt'

const sample = { context: 'Human: How do I boil an egg?', responseA: 'Put it in boiling water for 8 minutes.', responseB: 'Eggs are nice.' }
const exemplars: Exemplar[] = [
  { prompt: 'Human: 2+2?', responseA: '5', responseB: '4', preferred: 2, rationale: 'Response 2 is correct.' },
  { prompt: 'Human: hi', responseA: 'Hello!', responseB: '...', preferred: 1 },
]
const user = (m: { role: string; content: string }[]) => m.find((x) => x.role === 'user')!.content

describe('pairwise prompt', () => {
  test('preamble, sample in order, ending', () => {
    const m = pairwisePrompt(sample, { preamble: 'base' })
    expect(m[0].role).toBe('system')
    expect(m[0].content.startsWith(PREAMBLES.base)).toBe(true)
    const u = user(m)
    expect(u.endsWith('Preferred Response=')).toBe(true)
    const [c, r1, r2] = [u.indexOf(sample.context), u.indexOf(`Response 1:\n${sample.responseA}`), u.indexOf(`Response 2:\n${sample.responseB}`)]
    expect(c).toBeGreaterThanOrEqual(0)
    expect(r1).toBeGreaterThan(c)
    expect(r2).toBeGreaterThan(r1)
  })
  test('detailed preamble is the longer rubric', () => {
    const d = pairwisePrompt(sample, { preamble: 'detailed' })[0].content
    expect(d).toContain('Honest')
    expect(d.length).toBeGreaterThan(pairwisePrompt(sample, { preamble: 'base' })[0].content.length + 300)
  })
  test('few-shot exemplars come before the sample with their answers', () => {
    const u = user(pairwisePrompt(sample, { preamble: 'base' }, exemplars))
    expect(u.indexOf('### Example 1')).toBeLessThan(u.indexOf('### Example 2'))
    expect(u).toContain('Response 2:\n4\n\nPreferred Response=2')
    expect(u).toContain('Preferred Response=1')
    expect(u.lastIndexOf('Response 1:\n')).toBe(u.indexOf(`Response 1:\n${sample.responseA}`))
    expect(u).not.toContain('Rationale:') // rationales only with chain of thought
  })
  test('swapSample exchanges the responses only', () => {
    expect(swapSample(sample)).toEqual({ context: sample.context, responseA: sample.responseB, responseB: sample.responseA })
  })
})

describe('chain of thought', () => {
  test('step 1 asks for a rationale, step 2 appends it and asks for the answer', () => {
    const s1 = user(cotRationalePrompt(sample, { preamble: 'detailed' }))
    expect(s1.endsWith('explain which one is better. Rationale:')).toBe(true)
    expect(s1).toContain('coherence, accuracy, coverage and overall quality')
    const s2 = user(cotScorePrompt(sample, { preamble: 'detailed' }, [], '  Response 1 answers the question.  '))
    expect(s2.startsWith(s1)).toBe(true)
    expect(s2.endsWith(`Rationale: Response 1 answers the question.\n\n${COT_ENDING}`)).toBe(true)
    expect(COT_ENDING).toBe('Which response is preferred? Preferred Response=')
  })
  test('exemplars show their rationale with chain of thought', () => {
    expect(user(cotRationalePrompt(sample, { preamble: 'base' }, exemplars))).toContain('Rationale: Response 2 is correct.\n\nWhich response is preferred? Preferred Response=2')
  })
})

test('rating prompt shows ONE response and ends with Rating=', () => {
  const m = ratingPrompt(sample.context, sample.responseA, { preamble: 'detailed' })
  const u = user(m)
  expect(u.endsWith('Rating=')).toBe(true)
  expect(u).toContain(`Response:\n${sample.responseA}`)
  expect(u).not.toContain('Response 1')
  expect(m[0].content).toContain('one possible next response')
  expect(m[0].content).toContain('1 to 10')
})

describe('judge config', () => {
  const provider = { kind: 'openai', baseUrl: 'http://127.0.0.1:8788/v1', model: 'gpt-4o-mini' } as const
  test('defaults', () => {
    const c = judgeConfigSchema.parse({ provider })
    expect(c.prompt).toEqual({ preamble: 'detailed', fewShot: 0, chainOfThought: false, orderSwap: true, mode: 'pairwise' })
    expect(c.sampling).toEqual({ temperature: 0, maxTokens: 256, topLogprobs: 20 })
    expect(c.rate).toEqual({ concurrency: 4, requestsPerMinute: 600, timeoutMs: 60_000, maxRetries: 5 })
    expect(c.price).toEqual({ pricePer1kPromptTokens: 0, pricePer1kCompletionTokens: 0 })
    expect(judgeConfigSchema.parse({ provider, prompt: { fewShot: 3 } }).prompt.orderSwap).toBe(true)
  })
  test('rejects a key in the config, a bad URL and out-of-range values', () => {
    expect(judgeConfigSchema.safeParse({ provider: { ...provider, apiKey: 'sk-x' } }).success).toBe(false)
    expect(judgeConfigSchema.safeParse({ provider: { ...provider, baseUrl: 'not a url' } }).success).toBe(false)
    expect(judgeConfigSchema.safeParse({ provider, prompt: { fewShot: 9 } }).success).toBe(false)
    expect(judgeConfigSchema.safeParse({ provider: { kind: 'onnx', modelDir: 'models/judge' } }).success).toBe(true)
  })
})
