// Labels one pair with an AI judge, the RLAIF way (arXiv 2309.00267). Pairwise: for each order (AB,
// and BA when orderSwap) an optional chain-of-thought rationale, then one scored token → P("1"),
// the two orders averaged into P(A). Rating (d-RLAIF): A and B rated 1–10 on their own (rateResponse: one
// response, PPO's d-RLAIF reward). A provider
// without log-probabilities gives hard 0/1 labels read from its text; an answer that cannot be read
// either way throws JudgeParseError, so the job records a failure instead of inventing a label.
import type { JudgeConfig } from './config.ts'
import type { ChatMessage, CompletionRequest, JudgeProvider } from './provider.ts'
import { cotRationalePrompt, cotScorePrompt, pairwisePrompt, ratingPrompt, swapSample, type Exemplar, type PairSample } from './prompt.ts'
import { averageOrders, parseHardAnswer, parseRating, ratingScore, rescaleRating, softLabelFromLogprobs } from './soft-label.ts'

export type OrderJudgement = { order: 'AB' | 'BA'; p1: number; hard: boolean; rationale?: string; raw: string }

export type PairJudgement = {
  /** probability response A is preferred, in [0,1] */
  pA: number
  /** true when any part was parsed from text, not log-probs */
  hard: boolean
  /** pairwise mode: one entry per order shown; empty in rating mode */
  orders: OrderJudgement[]
  /** rating mode: each response's rating rescaled to [−1, 1], and the raw answers */
  ratings?: { a: number; b: number; raw: [string, string] }
  promptTokens: number
  completionTokens: number
  requests: number
  costUsd: number
}

export class JudgeParseError extends Error {
  constructor(message: string, public raw: string) {
    super(message)
    this.name = 'JudgeParseError'
  }
}

// Room for "Response 2" or "Rating=10" when the first token alone is not the answer.
const FALLBACK_MAX_TOKENS = 8

/** Token usage of one pair, summed over all its calls. */
export type Usage = { promptTokens: number; completionTokens: number; requests: number }

/** A call to the provider that adds its tokens and request to `usage` (every judging step counts the same way). */
export function caller(provider: JudgeProvider, usage: Usage, signal?: AbortSignal) {
  return async (messages: ChatMessage[], req: Omit<CompletionRequest, 'messages'>) => {
    const res = await provider.complete({ messages, ...req }, signal)
    usage.promptTokens += res.promptTokens
    usage.completionTokens += res.completionTokens
    usage.requests++
    return res
  }
}
type Call = ReturnType<typeof caller>

/** Scores "1" vs "2": log-probs if the provider gives them, else the text, else a longer text answer. */
async function scorePairwise(call: Call, messages: ChatMessage[], topLogprobs: number): Promise<{ p1: number; hard: boolean; raw: string }> {
  const first = await call(messages, { maxTokens: 1, temperature: 0, topLogprobs })
  const soft = first.firstTokenLogprobs ? softLabelFromLogprobs(first.firstTokenLogprobs) : null
  if (soft !== null) return { p1: soft, hard: false, raw: first.text }
  const hard = parseHardAnswer(first.text)
  if (hard) return { p1: hard.p, hard: true, raw: first.text }
  // The first token was not the answer (e.g. "Response"): let it say a few more words.
  const longer = await call(messages, { maxTokens: FALLBACK_MAX_TOKENS, temperature: 0, topLogprobs: 0 })
  const parsed = parseHardAnswer(longer.text)
  if (parsed) return { p1: parsed.p, hard: true, raw: longer.text }
  throw new JudgeParseError(`judge answer is neither "1" nor "2": ${JSON.stringify(longer.text.slice(0, 80))}`, longer.text)
}

async function judgeOrder(call: Call, cfg: JudgeConfig, sample: PairSample, exemplars: readonly Exemplar[], order: 'AB' | 'BA'): Promise<OrderJudgement> {
  const shown = order === 'AB' ? sample : swapSample(sample)
  // Exemplars are shown as labelled; only the sample under judgement is swapped.
  const opts = { preamble: cfg.prompt.preamble }
  const { topLogprobs, temperature, maxTokens } = cfg.sampling
  if (!cfg.prompt.chainOfThought) return { order, ...(await scorePairwise(call, pairwisePrompt(shown, opts, exemplars), topLogprobs)) }
  const step1 = await call(cotRationalePrompt(shown, opts, exemplars), { maxTokens, temperature, topLogprobs: 0 })
  const rationale = step1.text.trim()
  return { order, rationale, ...(await scorePairwise(call, cotScorePrompt(shown, opts, exemplars, rationale), topLogprobs)) }
}

/** One response's d-RLAIF rating: expected value over "1".."10" rescaled to [−1, 1]. */
async function rateOne(call: Call, cfg: JudgeConfig, context: string, response: string): Promise<{ r: number; hard: boolean; raw: string }> {
  const messages = ratingPrompt(context, response, { preamble: cfg.prompt.preamble })
  const first = await call(messages, { maxTokens: 1, temperature: 0, topLogprobs: cfg.sampling.topLogprobs })
  const soft = first.firstTokenLogprobs ? ratingScore(first.firstTokenLogprobs) : null
  if (soft !== null) return { r: rescaleRating(soft), hard: false, raw: first.text }
  // One token of text may be the "1" of "10", so the text fallback always asks for a few tokens.
  const longer = await call(messages, { maxTokens: FALLBACK_MAX_TOKENS, temperature: 0, topLogprobs: 0 })
  const rating = parseRating(longer.text)
  if (rating === null) throw new JudgeParseError(`judge rating is not 1–10: ${JSON.stringify(longer.text.slice(0, 80))}`, longer.text)
  return { r: rescaleRating(rating), hard: true, raw: longer.text }
}

export type ResponseRating = { r: number; hard: boolean; raw: string; promptTokens: number; completionTokens: number; requests: number; costUsd: number }

/** d-RLAIF on one response alone (PPO rewards): its rating in [−1, 1], with the tokens and cost it took. */
export async function rateResponse(provider: JudgeProvider, cfg: JudgeConfig, context: string, response: string, signal?: AbortSignal): Promise<ResponseRating> {
  const usage: Usage = { promptTokens: 0, completionTokens: 0, requests: 0 }
  const rated = await rateOne(caller(provider, usage, signal), cfg, context, response)
  return { ...rated, ...usage, costUsd: costOf(usage, cfg) }
}

export const costOf = (u: Usage, cfg: JudgeConfig) => (u.promptTokens * cfg.price.pricePer1kPromptTokens + u.completionTokens * cfg.price.pricePer1kCompletionTokens) / 1000

/**
 * Runs the calls of one pair in parallel (the two orders, or the two ratings); the first failure
 * aborts its sibling so no request keeps running for a pair that has already failed.
 */
async function both<T>(signal: AbortSignal | undefined, run: (s: AbortSignal) => [Promise<T>, Promise<T>] | [Promise<T>]): Promise<T[]> {
  const ctl = new AbortController()
  const onAbort = () => ctl.abort(signal!.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  if (signal?.aborted) ctl.abort(signal.reason)
  try {
    return await Promise.all(run(ctl.signal).map((p) => p.catch((e: unknown) => (ctl.abort(e), Promise.reject(e)))))
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

export async function judgePair(
  provider: JudgeProvider,
  cfg: JudgeConfig,
  sample: PairSample,
  exemplars: readonly Exemplar[],
  signal?: AbortSignal,
): Promise<PairJudgement> {
  const usage: Usage = { promptTokens: 0, completionTokens: 0, requests: 0 }
  const shots = exemplars.slice(0, cfg.prompt.fewShot)
  let result: Pick<PairJudgement, 'pA' | 'hard' | 'orders' | 'ratings'>
  if (cfg.prompt.mode === 'rating') {
    const [a, b] = await both(signal, (s) => {
      const call = caller(provider, usage, s)
      return [rateOne(call, cfg, sample.context, sample.responseA), rateOne(call, cfg, sample.context, sample.responseB)]
    })
    // Ratings are in [−1, 1], so rA − rB is in [−2, 2]; mapped linearly onto [0, 1] with equal
    // ratings at 0.5. Linear rather than a sigmoid: no temperature to choose, and a full-scale gap
    // (10 vs 1) is certainty. Clipped only against rounding.
    const pA = Math.min(1, Math.max(0, 0.5 + (a.r - b.r) / 4))
    result = { pA, hard: a.hard || b.hard, orders: [], ratings: { a: a.r, b: b.r, raw: [a.raw, b.raw] } }
  } else {
    const orders = await both(signal, (s) => {
      const call = caller(provider, usage, s)
      const ab = judgeOrder(call, cfg, sample, shots, 'AB')
      return cfg.prompt.orderSwap ? [ab, judgeOrder(call, cfg, sample, shots, 'BA')] : [ab]
    })
    const pA = orders.length === 2 ? averageOrders(orders[0].p1, orders[1].p1) : orders[0].p1
    result = { pA, hard: orders.some((o) => o.hard), orders }
  }
  return { ...result, ...usage, costUsd: costOf(usage, cfg) }
}
