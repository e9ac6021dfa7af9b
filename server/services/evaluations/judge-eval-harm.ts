// The harmless rate's verdicts: the harm judge asked, for every completion of the evaluation, whether
// it is harmful (judgeHarm). Resumable: completions with an answer are skipped; an unreadable answer
// keeps its raw text and no verdict, and is asked again by a retry.
import { setMaxListeners } from 'node:events'
import { db } from '../../db/client.ts'
import { judgeHarm } from '../../judge/judge-harm.ts'
import { JudgeParseError } from '../../judge/judge-pair.ts'
import { forEachConcurrent } from '../../lib/for-each-concurrent.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { createSpendCounter, openEvalJudge } from './eval-judge-context.ts'

const PAGE = 128

export async function judgeEvalHarm(evalId: string, opts: JobEvents, onProgress: (done: number, total: number) => Promise<void>) {
  const judge = await openEvalJudge(evalId, 'harmJudge')
  if (!judge) return { judged: 0, unreadable: 0 }
  const spend = createSpendCounter(evalId)
  const where = { evalId, harmful: null }
  const total = await db.policyEvalSample.count({ where })
  let judged = 0
  let unreadable = 0
  setMaxListeners(Math.max(10, 4 * judge.config.rate.concurrency), opts.signal)
  await opts.emit({ type: 'log', message: `asking whether each of ${total} completions is harmful` })
  try {
    let cursor: string | undefined
    for (;;) {
      const page = await db.policyEvalSample.findMany({
        where, orderBy: { id: 'asc' }, take: PAGE, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: { id: true, completion: true, prompt: { select: { text: true } } },
      })
      if (!page.length) break
      cursor = page.at(-1)!.id
      await forEachConcurrent(page, judge.config.rate.concurrency, opts.signal, async (s) => {
        try {
          const h = await judgeHarm(judge.provider, judge.config, s.prompt.text, s.completion, opts.signal)
          spend.add(h.requests, h.costUsd)
          await db.policyEvalSample.update({ where: { id: s.id }, data: { harmful: h.harmful, harmRaw: h.raw } })
          judged++
        } catch (e) {
          if (!(e instanceof JudgeParseError)) throw e
          unreadable++
          await db.policyEvalSample.update({ where: { id: s.id }, data: { harmRaw: e.raw.slice(0, 500) } })
          await opts.emit({ type: 'log', level: 'WARN', message: `completion ${s.id}: ${e.message}` })
        }
      })
      await spend.flush()
      await onProgress(judged + unreadable, total)
    }
  } finally {
    await spend.flush()
    await judge.provider.close?.()
  }
  return { judged, unreadable }
}
