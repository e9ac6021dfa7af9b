// The harmless rate's verdicts: the harm judge asked, for every completion of the evaluation, whether
// it is harmful (judgeHarm). Resumable: completions with an answer are skipped; an unreadable answer
// keeps its raw text and no verdict, and is asked again by a retry.
import { db } from '../../db/client.ts'
import { judgeHarm } from '../../judge/judge-harm.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { judgeInPages, openEvalJudge } from './eval-judge-context.ts'

const PAGE = 128

export async function judgeEvalHarm(evalId: string, opts: JobEvents, onProgress: (done: number, total: number) => Promise<void>) {
  const judge = await openEvalJudge(evalId, 'harmJudge')
  if (!judge) return { judged: 0, unreadable: 0 }
  const where = { evalId, harmful: null }
  const total = await db.policyEvalSample.count({ where })
  await opts.emit({ type: 'log', message: `asking whether each of ${total} completions is harmful` })
  let cursor: string | undefined
  return judgeInPages(evalId, judge, opts, {
    next: async () => {
      // id > the last one seen, not Prisma's cursor: the rows just judged no longer match `where`.
      const page = await db.policyEvalSample.findMany({
        where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) }, orderBy: { id: 'asc' }, take: PAGE,
        select: { id: true, completion: true, prompt: { select: { text: true } } },
      })
      cursor = page.at(-1)?.id ?? cursor
      return page
    },
    judge: async (s) => {
      const h = await judgeHarm(judge.provider, judge.config, s.prompt.text, s.completion, opts.signal)
      await db.policyEvalSample.update({ where: { id: s.id }, data: { harmful: h.harmful, harmRaw: h.raw } })
      return h
    },
    unreadable: async (s, e) => {
      await db.policyEvalSample.update({ where: { id: s.id }, data: { harmRaw: e.raw.slice(0, 500) } })
      await opts.emit({ type: 'log', level: 'WARN', message: `completion ${s.id}: ${e.message}` })
    },
    progress: (done) => onProgress(done, total),
  })
}
