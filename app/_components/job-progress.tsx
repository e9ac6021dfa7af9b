'use client'
// useJobProgress: follows one job through jobs.progress, polling every second while it is queued
// or running and fetching only what is new (metric points and log lines after the last ids seen).
// The result feeds a JobPanel and any metric chart of the page.
import { useQueryClient } from '@tanstack/react-query'
import type { inferRouterOutputs } from '@trpc/server'
import { useEffect, useState } from 'react'
import type { AppRouter } from '@/server/api/root.ts'
import { useTRPC } from '../trpc.ts'
import { isActiveJob } from './job-status-badge.tsx'

type Answer = inferRouterOutputs<AppRouter>['jobs']['progress']
export type MetricPoint = [step: number, value: number]
export type JobRow = Answer['job']
export type JobLogLine = Answer['logs'][number]
export type JobProgress = {
  job: JobRow | null
  /** Metric name → [step, value] points in arrival order. */
  series: Record<string, MetricPoint[]>
  logs: JobLogLine[]
  error: string | null
}

const KEEP_LOGS = 500
const EMPTY: JobProgress = { job: null, series: {}, logs: [], error: null }

export function useJobProgress(jobId: string | null | undefined, intervalMs = 1000): JobProgress {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [state, setState] = useState<JobProgress>(EMPTY)

  useEffect(() => {
    setState(EMPTY)
    if (!jobId) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const cursor: { metric?: number; log?: number } = {}
    async function tick() {
      try {
        const r = await qc.fetchQuery({
          ...trpc.jobs.progress.queryOptions({ jobId: jobId!, sinceMetricId: cursor.metric, sinceLogId: cursor.log }),
          staleTime: 0, gcTime: 0,
        })
        if (stopped) return
        cursor.metric = r.lastMetricId
        cursor.log = r.lastLogId
        setState((prev) => ({ job: r.job, series: appendPoints(prev.series, r.metrics), logs: [...prev.logs, ...r.logs].slice(-KEEP_LOGS), error: null }))
        if (r.more) timer = setTimeout(tick, 0)
        else if (isActiveJob(r.job.status)) timer = setTimeout(tick, intervalMs)
      } catch (e) {
        if (stopped) return
        setState((prev) => ({ ...prev, error: e instanceof Error ? e.message : String(e) }))
        timer = setTimeout(tick, intervalMs * 5)
      }
    }
    void tick()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [jobId, intervalMs, qc, trpc])

  return state
}

/** Adds new points to each series. A step going backwards means the job started over (a retry
 * after a failure): that series restarts there, so a chart shows the current attempt only. */
function appendPoints(prev: Record<string, MetricPoint[]>, fresh: Record<string, MetricPoint[]>) {
  const series = { ...prev }
  for (const [name, points] of Object.entries(fresh)) {
    let out = [...(series[name] ?? [])]
    for (const p of points) {
      const last = out.at(-1)
      if (last && p[0] < last[0]) out = []
      out.push(p)
    }
    series[name] = out
  }
  return series
}

/** The last value of a series, or null. */
export const lastValue = (series: Record<string, MetricPoint[]>, name: string) => series[name]?.at(-1)?.[1] ?? null

/** The mean of a series (e.g. tokens per second over the run), or null. */
export function meanValue(series: Record<string, MetricPoint[]>, name: string) {
  const pts = series[name]
  return pts?.length ? pts.reduce((s, [, v]) => s + v, 0) / pts.length : null
}
