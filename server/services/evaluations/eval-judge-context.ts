// What both judging steps of a policy evaluation share: the judge's config as the evaluation copied it
// (pairwise judges always see both orders), its provider, the counters of requests and cost (added to
// the row after each page, so a crashed attempt's spend is kept), and the loop over pages of work.
import { setMaxListeners } from 'node:events'
import { db } from '../../db/client.ts'
import { judgeConfigSchema, type JudgeConfig } from '../../judge/config.ts'
import { JudgeParseError } from '../../judge/judge-pair.ts'
import { forEachConcurrent } from '../../lib/for-each-concurrent.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { createJudgeProvider, type RunProvider } from '../judges/create-judge-provider.ts'

export type EvalJudge = { judgeId: string; version: number; config: JudgeConfig; provider: RunProvider }

export async function openEvalJudge(evalId: string, which: 'judge' | 'harmJudge'): Promise<EvalJudge | null> {
  const ev = await db.policyEval.findUniqueOrThrow({ where: { id: evalId } })
  const copied = (ev.config as Record<string, { judgeId: string; version: number; config: unknown } | null>)[which]
  if (!copied) return null
  const judge = await db.judge.findUnique({ where: { id: copied.judgeId } })
  if (!judge) throw new Error('The judge of this evaluation was deleted')
  const parsed = judgeConfigSchema.parse(copied.config)
  const config = { ...parsed, prompt: { ...parsed.prompt, orderSwap: true } }
  return { judgeId: judge.id, version: copied.version, config, provider: createJudgeProvider(config, judge) }
}

function createSpendCounter(evalId: string) {
  let requests = 0
  let costUsd = 0
  return {
    add(r: number, c: number) { requests += r; costUsd += c },
    async flush() {
      if (!requests && !costUsd) return
      const data = { judgeRequests: { increment: requests }, judgeCostUsd: { increment: costUsd } }
      requests = 0
      costUsd = 0
      await db.policyEval.update({ where: { id: evalId }, data })
    },
  }
}

type Pages<T> = {
  /** The next page of work, empty when none is left. */
  next: () => Promise<T[]>
  /** Judges one item and stores its verdict; returns the requests and cost it took. */
  judge: (item: T) => Promise<{ requests: number; costUsd: number }>
  /** An answer that could not be read: reported (and kept, where the caller wants), never guessed. */
  unreadable: (item: T, e: JudgeParseError) => Promise<void>
  progress: (done: number) => Promise<void>
}

/** Works through pages, `concurrency` items at a time; the spend is stored after each page and at the end. */
export async function judgeInPages<T>(evalId: string, judge: EvalJudge, opts: JobEvents, pages: Pages<T>) {
  const spend = createSpendCounter(evalId)
  let judged = 0
  let unreadable = 0
  // Every request in flight listens to the job's signal: more than Node's default 10 is expected.
  setMaxListeners(Math.max(10, 4 * judge.config.rate.concurrency), opts.signal)
  try {
    for (;;) {
      const page = await pages.next()
      if (!page.length) break
      await forEachConcurrent(page, judge.config.rate.concurrency, opts.signal, async (item) => {
        try {
          const used = await pages.judge(item)
          spend.add(used.requests, used.costUsd)
          judged++
        } catch (e) {
          if (!(e instanceof JudgeParseError)) throw e
          unreadable++
          await pages.unreadable(item, e)
        }
      })
      await spend.flush()
      await pages.progress(judged + unreadable)
    }
  } finally {
    await spend.flush()
    await judge.provider.close?.()
  }
  return { judged, unreadable }
}
