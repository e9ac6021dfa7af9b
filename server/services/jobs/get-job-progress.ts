// A job as a live panel polls it: the row (status, progress, phase, error, timings), metric points
// and log lines newer than what the caller already has. Ids are the cursors (a metric of an older
// step can arrive late, e.g. an eval), capped per call; `more` says to ask again at once.
// Visible to staff and to the person who started the job.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { forbidden, notFound } from '../../lib/errors.ts'

const MAX_METRICS = 20_000
const MAX_LOGS = 200

export type MetricPoint = [step: number, value: number]

export async function getJobProgress(actor: Actor, input: { jobId: string; sinceMetricId?: number; sinceLogId?: number }) {
  const job = await db.job.findUnique({
    where: { id: input.jobId },
    select: {
      id: true, kind: true, status: true, progress: true, phase: true, error: true, attempts: true, projectId: true, createdById: true,
      createdAt: true, startedAt: true, finishedAt: true, heartbeatAt: true,
      stopReason: true, retries: true, continuations: true, afterJobId: true,
    },
  })
  if (!job) throw notFound('Job')
  if (!isStaff(actor) && job.createdById !== actor.id) throw forbidden('Only staff or the person who started this job may follow it')
  const metricRows = await db.jobMetric.findMany({
    where: { jobId: job.id, ...(input.sinceMetricId !== undefined ? { id: { gt: BigInt(input.sinceMetricId) } } : {}) },
    orderBy: { id: 'asc' }, take: MAX_METRICS + 1, select: { id: true, name: true, step: true, value: true },
  })
  const moreMetrics = metricRows.length > MAX_METRICS
  if (moreMetrics) metricRows.pop()
  // Logs: the newest lines (a tail) on the first call, then everything after the cursor.
  const logRows = await db.jobLog.findMany({
    where: { jobId: job.id, ...(input.sinceLogId !== undefined ? { id: { gt: BigInt(input.sinceLogId) } } : {}) },
    orderBy: { id: input.sinceLogId !== undefined ? 'asc' : 'desc' }, take: MAX_LOGS, select: { id: true, level: true, message: true, at: true },
  })
  if (input.sinceLogId === undefined) logRows.reverse()
  // Grouped per series, as [step, value] pairs: a long run sends far fewer bytes than row objects.
  const metrics: Record<string, MetricPoint[]> = {}
  for (const m of metricRows) (metrics[m.name] ??= []).push([m.step, m.value])
  return {
    job,
    metrics,
    logs: logRows.map((l) => ({ id: Number(l.id), level: l.level, message: l.message, at: l.at })),
    lastMetricId: metricRows.length ? Number(metricRows.at(-1)!.id) : (input.sinceMetricId ?? 0),
    lastLogId: logRows.length ? Number(logRows.at(-1)!.id) : (input.sinceLogId ?? 0),
    more: moreMetrics || (input.sinceLogId !== undefined && logRows.length === MAX_LOGS),
  }
}
