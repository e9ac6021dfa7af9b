// The body of a JUDGE_RUN job: labels the run's pairs with its judge, `concurrency` pairs at a
// time, and keeps the run's counters (pairs, requests, retries, tokens, cost, time) and the job's
// progress current. Resumable and safe to run twice: pairs this judge version already labelled are
// skipped (judge-pairs.ts). An answer that cannot be read is counted and logged, not guessed; an
// endpoint that keeps failing after its retries fails the job (pg-boss retries it, resuming).
import { setMaxListeners } from 'node:events'
import { db } from '../../db/client.ts'
import { judgeConfigSchema } from '../../judge/config.ts'
import { judgePair, JudgeParseError } from '../../judge/judge-pair.ts'
import type { JobEvent } from '../jobs/create-job-event-sink.ts'
import { createJudgeProvider } from './create-judge-provider.ts'
import { countJudged, countScope, nextPairsToJudge, type JudgeScope, type PairToJudge } from './judge-pairs.ts'
import { judgeRaterKey, judgeRaterName } from './judge-view.ts'
import { pickExemplars, type PairExemplar } from './pick-exemplars.ts'
import { createJudgementWriter, type JudgementTarget } from './store-judgement.ts'
import { createRunCounters } from './run-counters.ts'
import { forEachConcurrent } from '../../lib/for-each-concurrent.ts'

// Pairs fetched per query: enough to keep 32 requests in flight without holding many texts.
const PAGE = 256

export type RunJudgeOptions = { signal: AbortSignal; emit: (e: JobEvent) => Promise<void> }

export async function runJudgeRun(jobId: string, opts: RunJudgeOptions) {
  const run = await db.judgeRun.findUniqueOrThrow({ where: { jobId }, include: { judge: true } })
  const config = judgeConfigSchema.parse(run.config)
  const raterKey = judgeRaterKey(run.judgeId, run.configVersion)
  const scope: JudgeScope = { projectId: run.judge.projectId, runId: run.id, scope: run.scope, sampleSize: run.sampleSize, raterKey }
  const target: JudgementTarget = { runId: run.id, projectId: run.judge.projectId, configVersion: run.configVersion, raterKey, raterName: judgeRaterName(run.judge.name, run.configVersion), tieBand: config.decision.tieBand }
  const total = await countScope(scope)
  // Absolute on every attempt: a resumed run starts from what is stored; unreadable pairs have no
  // label and are tried again. Tokens and cost keep adding up: a crashed attempt's spend was real.
  const judged = await countJudged(scope)
  await db.judgeRun.update({ where: { id: run.id }, data: { pairsTotal: total, pairsDone: judged, pairsFailed: 0 } })
  const counters = createRunCounters(run.id, total, judged, opts.emit)
  const exemplars = await pickExemplars(scope.projectId, config.prompt.fewShot)
  const provider = createJudgeProvider(config, run.judge)
  const writer = createJudgementWriter(target, (n) => counters.add({ done: n }))
  // Every request in flight listens to the run's signal: more than Node's default 10 is expected.
  setMaxListeners(Math.max(10, 4 * config.rate.concurrency), opts.signal)
  await opts.emit({ type: 'log', message: `judging ${total - counters.done} of ${total} pairs with ${target.raterName} (${config.provider.kind}, ${config.prompt.mode}, concurrency ${config.rate.concurrency})` })
  let failure: unknown = null
  try {
    let cursor = -1
    for (;;) {
      const page = await nextPairsToJudge(scope, cursor, PAGE)
      if (!page.length) break
      cursor = page.at(-1)!.ordinal
      await forEachConcurrent(page, config.rate.concurrency, opts.signal, async (pair) => {
        const started = performance.now()
        try {
          const j = await judgePair(provider, config, { context: pair.prompt, responseA: pair.responseA, responseB: pair.responseB }, exemplarsFor(exemplars, pair, config.prompt.fewShot), opts.signal)
          counters.add({ promptTokens: j.promptTokens, completionTokens: j.completionTokens, costUsd: j.costUsd, judgeMs: performance.now() - started })
          await writer.add(pair.id, j)
        } catch (e) {
          if (!(e instanceof JudgeParseError)) throw e
          counters.add({ failed: 1, judgeMs: performance.now() - started })
          await opts.emit({ type: 'log', level: 'WARN', message: `pair ${pair.id}: ${e.message}; answer: ${e.raw.slice(0, 300)}` })
        }
        await counters.maybeFlush(provider.stats)
      })
    }
  } catch (e) {
    failure = e
  }
  // Also after a failure or a cancel: what was judged is stored, or the run says what was not.
  const flushError = await writer.flush().then(() => null, (e: unknown) => e)
  await counters.flush(provider.stats)
  await provider.close?.()
  if (flushError) {
    const text = `${writer.unstored()} judged pairs could not be stored (${(flushError as Error).message}); a retry of this run judges them again`
    await opts.emit({ type: 'log', level: 'ERROR', message: text })
    throw failure ?? new Error(text)
  }
  if (failure) throw failure
  await opts.emit({ type: 'log', message: counters.summary() })
  return { projectId: scope.projectId }
}

function exemplarsFor(all: PairExemplar[], pair: PairToJudge, n: number) {
  return all.filter((e) => e.pairId !== pair.id).slice(0, n)
}
