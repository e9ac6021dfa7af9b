// A judge run's running totals, kept in memory and written to the JudgeRun row (increments, so a
// resumed attempt adds to what the crashed one stored) and the job's progress about once a second.
import { db } from '../../db/client.ts'
import type { JobEvent } from '../jobs/create-job-event-sink.ts'

type Delta = { done?: number; failed?: number; promptTokens?: number; completionTokens?: number; costUsd?: number; judgeMs?: number }
type ProviderStats = { requests: number; retries: number } | undefined

const FLUSH_EVERY_MS = 1000

export function createRunCounters(runId: string, total: number, alreadyDone: number, emit: (e: JobEvent) => Promise<void>) {
  const zero = () => ({ done: 0, failed: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, judgeMs: 0 })
  let pending = zero()
  const sum = { ...zero(), done: alreadyDone }
  let sentStats = { requests: 0, retries: 0 }
  let lastFlush = Date.now()
  const startedAt = Date.now()

  async function flush(stats: ProviderStats) {
    const [d, s] = [pending, stats ?? { requests: 0, retries: 0 }]
    pending = zero()
    lastFlush = Date.now()
    const requests = s.requests - sentStats.requests
    const retries = s.retries - sentStats.retries
    sentStats = { requests: s.requests, retries: s.retries }
    await db.judgeRun.update({
      where: { id: runId },
      data: {
        pairsTotal: total, pairsDone: { increment: d.done }, pairsFailed: { increment: d.failed },
        requests: { increment: requests }, retries: { increment: retries },
        promptTokens: { increment: d.promptTokens }, completionTokens: { increment: d.completionTokens },
        costUsd: { increment: d.costUsd }, judgeMs: { increment: d.judgeMs },
      },
    })
    const handled = sum.done + sum.failed
    const rate = (sum.done - alreadyDone + sum.failed) / Math.max(1e-3, (Date.now() - startedAt) / 1000)
    await emit({ type: 'progress', fraction: total ? handled / total : 1, phase: `judged ${sum.done} / ${total} pairs${sum.failed ? ` (${sum.failed} unreadable)` : ''} · ${rate.toFixed(1)} pairs/s · $${sum.costUsd.toFixed(4)}` })
    await emit({ type: 'metric', name: 'judge/pairs_per_s', step: handled, value: rate })
  }

  return {
    get done() { return sum.done },
    add(d: Delta) {
      for (const k of Object.keys(d) as (keyof Delta)[]) {
        pending[k] += d[k] ?? 0
        sum[k] += d[k] ?? 0
      }
    },
    async maybeFlush(stats: ProviderStats) {
      if (Date.now() - lastFlush >= FLUSH_EVERY_MS) await flush(stats)
    },
    flush,
    summary: () => `judged ${sum.done} of ${total} pairs, ${sum.failed} unreadable; ${sum.promptTokens} prompt + ${sum.completionTokens} completion tokens, $${sum.costUsd.toFixed(4)}`,
  }
}
