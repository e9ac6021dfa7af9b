// The worker's side of d-RLAIF PPO rewards (arXiv 2309.00267): answers the trainer's "ratings" requests
// with the run's AI judge, exactly as a judge run calls it (the provider with its rate limiter, retries
// and key, `config.rate.concurrency` calls in flight, rateResponse's Σ i·P(i) rescaled to [−1, 1]),
// and keeps what judging costs on the Policy row (judgeUsage, summed over attempts: a crashed
// attempt's spend was real). The key is found only in createJudgeProvider; nothing of it goes to the
// trainer. An answer that cannot be read fails the request, and so the run: a reward is never invented.
import { setMaxListeners } from 'node:events'
import { z } from 'zod'
import { db } from '../../db/client.ts'
import { judgeConfigSchema } from '../../judge/config.ts'
import { JudgeParseError, rateResponse } from '../../judge/judge-pair.ts'
import { forEachConcurrent } from '../../lib/for-each-concurrent.ts'
import { createJudgeProvider } from '../judges/create-judge-provider.ts'
import { judgeUsageSchema } from './policy-config.ts'

// A rollout batch or an evaluation's prompts; far more in one request would be a trainer bug.
const ratingsRequest = z.object({
  kind: z.literal('ratings'),
  items: z.array(z.object({ prompt: z.string(), response: z.string() })).max(65_536),
})

type Request = { kind: string; [field: string]: unknown }

export async function createRolloutRater(policyId: string) {
  const policy = await db.policy.findUniqueOrThrow({ where: { id: policyId }, include: { judge: true } })
  if (!policy.judge || !policy.judgeConfig) throw new Error('The AI judge of this d-RLAIF run was deleted')
  const config = judgeConfigSchema.parse(policy.judgeConfig)
  const provider = createJudgeProvider(config, policy.judge)
  const usage = judgeUsageSchema.parse(policy.judgeUsage ?? {})
  let seen = { requests: 0, retries: 0 }
  const judgeName = policy.judge.name

  async function save() {
    const stats = provider.stats
    if (stats) { // the OpenAI provider counts its retries; requests are counted per rating below
      usage.retries += stats.retries - seen.retries
      seen = { ...stats }
    }
    await db.policy.update({ where: { id: policyId }, data: { judgeUsage: usage } })
  }

  /** Answers one request of the trainer: one rating in [−1, 1] per item, in order. */
  async function rate(request: Request, signal: AbortSignal): Promise<{ ratings: number[] }> {
    const parsed = ratingsRequest.safeParse(request)
    if (!parsed.success) throw new Error(`the worker answers only "ratings" requests of {prompt, response} items, got "${request.kind}"`)
    const { items } = parsed.data
    setMaxListeners(Math.max(10, 4 * config.rate.concurrency), signal) // every call in flight listens to it
    const ratings = new Array<number>(items.length)
    const started = performance.now()
    try {
      await forEachConcurrent(items.map((_, i) => i), config.rate.concurrency, signal, async (i) => {
        const r = await rateResponse(provider, config, items[i].prompt, items[i].response, signal)
        ratings[i] = r.r
        usage.ratings++
        usage.requests += r.requests
        usage.promptTokens += r.promptTokens
        usage.completionTokens += r.completionTokens
        usage.costUsd += r.costUsd
      })
    } catch (e) {
      if (e instanceof JudgeParseError) throw new Error(`the judge "${judgeName}" gave a rating that cannot be read (${e.message}): a d-RLAIF reward is never guessed`)
      throw e
    } finally {
      usage.judgeMs += performance.now() - started
      await save()
    }
    return { ratings }
  }

  return {
    rate,
    close: async () => { await provider.close?.() },
    summary: () => `judge "${judgeName}": ${usage.ratings} ratings, ${usage.requests} requests (${usage.retries} retries), ${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens, $${usage.costUsd.toFixed(4)}`,
  }
}
