// Headline metrics of reward models whose job has no summary yet (still training, or failed after
// some evaluations), by the one rule of server/lib/rm-headline.ts: the last point of each series in
// one indexed query, the per-step throughput's mean in another.
import { db, Prisma } from '../../db/client.ts'
import { headlineOf, HEADLINE_SERIES, STEP_THROUGHPUT, type Headline } from '../../lib/rm-headline.ts'

export async function readLiveHeadlines(jobIds: string[]): Promise<Map<string, Headline>> {
  if (!jobIds.length) return new Map()
  // DISTINCT ON walks the (jobId, name, step) index backwards: one row per series, not the series.
  const last = await db.$queryRaw<{ jobId: string; name: string; value: number }[]>`
    SELECT DISTINCT ON ("jobId", name) "jobId", name, value FROM "JobMetric"
    WHERE "jobId" IN (${Prisma.join(jobIds)}) AND name IN (${Prisma.join(HEADLINE_SERIES)})
    ORDER BY "jobId", name, step DESC, id DESC`
  const lastOf = new Map(jobIds.map((id) => [id, new Map<string, number>()]))
  for (const r of last) lastOf.get(r.jobId)!.set(r.name, r.value)
  const mean = new Map((await db.jobMetric.groupBy({ by: ['jobId'], where: { jobId: { in: jobIds }, name: STEP_THROUGHPUT }, _avg: { value: true } }))
    .map((r) => [r.jobId, r._avg.value]))
  return new Map(jobIds.map((id) => [id, headlineOf((s) => lastOf.get(id)!.get(s), mean.get(id))]))
}
