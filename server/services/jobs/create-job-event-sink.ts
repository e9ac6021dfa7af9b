// Stores what a running job reports (progress, metric points, log lines, artefacts) on its Job
// row and series tables. Metric and log writes are batched: a trainer can emit many per second.
import { db, type LogLevel } from '../../db/client.ts'
import { reportJobProgress } from './report-job-progress.ts'

export type JobEvent =
  | { type: 'progress'; fraction: number; phase: string }
  | { type: 'metric'; step: number; name: string; value: number }
  | { type: 'log'; message: string; level?: LogLevel }
  | { type: 'artefact'; kind: string; path: string; [k: string]: unknown }

/** What every job's work takes beside its ids: when to stop, and where its events go. */
export type JobEvents = { signal: AbortSignal; emit: (e: JobEvent) => Promise<void> }

const FLUSH_EVERY_MS = 1000

export function createJobEventSink(jobId: string) {
  let metrics: { jobId: string; name: string; step: number; value: number }[] = []
  let logs: { jobId: string; level: LogLevel; message: string }[] = []
  let lastFlush = Date.now()
  let lastProgress = 0
  // The newest progress not written yet (reports within 500 ms of the last write wait here), so the
  // row never stays behind on a step that was followed by a long silence.
  let progress: { fraction: number; phase: string } | null = null

  async function writeProgress() {
    if (!progress) return
    const p = progress
    progress = null
    lastProgress = Date.now()
    await reportJobProgress(jobId, p.fraction, p.phase)
  }

  async function flush() {
    const [m, l] = [metrics, logs]
    metrics = []
    logs = []
    lastFlush = Date.now()
    if (m.length) await db.jobMetric.createMany({ data: m })
    if (l.length) await db.jobLog.createMany({ data: l })
    await writeProgress()
  }

  async function onEvent(e: JobEvent) {
    if (e.type === 'metric' && Number.isFinite(e.value)) metrics.push({ jobId, name: e.name.slice(0, 100), step: Math.trunc(e.step), value: e.value })
    else if (e.type === 'log') logs.push({ jobId, level: e.level ?? 'INFO', message: String(e.message).slice(0, 4000) })
    else if (e.type === 'artefact') {
      const { type: _t, kind, path, ...meta } = e
      await db.jobArtefact.create({ data: { jobId, kind, path, meta: meta as object } })
    } else if (e.type === 'progress') {
      progress = { fraction: e.fraction, phase: e.phase }
      if (Date.now() - lastProgress > 500 || e.fraction >= 1) await writeProgress()
    }
    if (Date.now() - lastFlush > FLUSH_EVERY_MS || metrics.length + logs.length > 500) await flush()
  }

  return { onEvent, flush }
}
