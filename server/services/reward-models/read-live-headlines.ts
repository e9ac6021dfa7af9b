// Headline metrics of reward models whose job has no summary yet (still training, or failed after
// some evaluations): the last value of each eval series, and the training throughput: the trainer's
// own whole-run figure (train_tokens_per_second: real tokens over the steps' time) once it reported
// it, else the mean of the per-step rates so far.
import { db, Prisma } from '../../db/client.ts'
import type { Headline } from './reward-model-view.ts'

const LAST = ['eval/accuracy', 'eval/loss', 'eval/ece', 'export/parity_max_abs_diff', 'train_tokens_per_second']

export async function readLiveHeadlines(jobIds: string[]): Promise<Map<string, Partial<Headline>>> {
  const out = new Map<string, Partial<Headline>>(jobIds.map((id) => [id, {}]))
  if (!jobIds.length) return out
  // DISTINCT ON walks the (jobId, name, step) index backwards: one row per series, not the series.
  const last = await db.$queryRaw<{ jobId: string; name: string; value: number }[]>`
    SELECT DISTINCT ON ("jobId", name) "jobId", name, value FROM "JobMetric"
    WHERE "jobId" IN (${Prisma.join(jobIds)}) AND name IN (${Prisma.join(LAST)})
    ORDER BY "jobId", name, step DESC, id DESC`
  const whole = new Map<string, number>()
  for (const r of last) {
    if (r.name === 'train_tokens_per_second') whole.set(r.jobId, r.value)
    else (out.get(r.jobId) as Record<string, number>)[r.name] = r.value
  }
  const tps = await db.jobMetric.groupBy({ by: ['jobId'], where: { jobId: { in: jobIds }, name: 'train/tokens_per_second' }, _avg: { value: true } })
  for (const r of tps) out.get(r.jobId)!['train/tokens_per_second'] = r._avg.value
  for (const [jobId, value] of whole) out.get(jobId)!['train/tokens_per_second'] = value
  return out
}
