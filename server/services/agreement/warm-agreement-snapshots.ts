// Brings a project's stored agreement snapshots up to date right after a job that changed many of
// its labels (an import, a judge run), in the worker: the first researcher to open the dashboard
// after a 100k-label import reads stored numbers instead of waiting for the statement. Every key
// already stored is refreshed, and the dashboard's default view (human labels, dataset annotators
// included) is computed even if no one looked yet. A failure is logged on the job, never fails it:
// the next read refreshes anyway. Skipped when the dashboard cache is off (every read computes).
import { db } from '../../db/client.ts'
import type { JobEvent } from '../jobs/create-job-event-sink.ts'
import { dashboardMaxAgeSeconds } from './read-agreement-snapshot.ts'
import { parseSnapshotKey, refreshAgreementSnapshot, snapshotKey } from './refresh-agreement-snapshot.ts'

const DEFAULT_VIEW = snapshotKey({ source: 'HUMAN', includeExternal: true })

export async function warmAgreementSnapshots(projectId: string, emit: (e: JobEvent) => Promise<void>) {
  if (dashboardMaxAgeSeconds() <= 0) return
  const started = performance.now()
  const stored = await db.dashboardSnapshot.findMany({ where: { projectId }, select: { key: true } })
  const keys = [...new Set([DEFAULT_VIEW, ...stored.map((s) => s.key)])]
  let recomputed = 0
  for (const key of keys) {
    try {
      const s = await refreshAgreementSnapshot(projectId, parseSnapshotKey(key), { wait: true, minCheckAgeMs: 0 })
      if (s && s.computedAt === s.checkedAt) recomputed++ // a refresh that found the labels unchanged only moves checkedAt
    } catch (e) {
      await emit({ type: 'log', level: 'WARN', message: `agreement dashboard (${key}) not refreshed: ${(e as Error).message}; the next read refreshes it` })
    }
  }
  await emit({ type: 'log', message: `agreement dashboard: ${recomputed} of ${keys.length} stored views recomputed in ${Math.round(performance.now() - started)} ms` })
}
