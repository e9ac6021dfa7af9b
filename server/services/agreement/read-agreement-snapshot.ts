// The agreement dashboard's aggregates as a read gets them: from this process's memory while checked
// within REWARDLAB_DASHBOARD_MAX_AGE_SECONDS (5 s), else from the stored snapshot (DashboardSnapshot:
// warm after a restart, in every web process, after the worker's import or judge run), with one
// refresh in the background when it is due (refresh-agreement-snapshot.ts: recomputes only if labels
// changed). Only a project and options never computed before compute on the request.
import { db } from '../../db/client.ts'
import { createSnapshotCache, type SnapshotRead } from '../../lib/snapshot-cache.ts'
import { refreshAgreementSnapshot, snapshotKey, toSnapshot, type AgreementValue, type SnapshotOptions } from './refresh-agreement-snapshot.ts'

export const dashboardMaxAgeSeconds = () => Number(process.env.REWARDLAB_DASHBOARD_MAX_AGE_SECONDS ?? 5)

let cache: { maxAgeMs: number; c: ReturnType<typeof createSnapshotCache<AgreementValue>> } | null = null
function snapshots(maxAgeMs: number) {
  if (cache?.maxAgeMs !== maxAgeMs) {
    const onError = (key: string, e: unknown) => console.error(`agreement snapshot ${key}: background refresh failed:`, (e as Error).message)
    cache = { maxAgeMs, c: createSnapshotCache<AgreementValue>({ maxAgeMs, onError }) }
  }
  return cache.c
}

export async function readAgreementSnapshot(projectId: string, opts: SnapshotOptions): Promise<SnapshotRead<AgreementValue>> {
  const maxAgeMs = 1000 * dashboardMaxAgeSeconds()
  const key = snapshotKey(opts)
  return snapshots(maxAgeMs).get(`${projectId}|${key}`, {
    read: async () => {
      const row = await db.dashboardSnapshot.findUnique({ where: { projectId_key: { projectId, key } }, select: { value: true, computedAt: true, checkedAt: true } })
      return row && toSnapshot(row)
    },
    refresh: (wait) => refreshAgreementSnapshot(projectId, opts, { wait, minCheckAgeMs: maxAgeMs }),
  })
}

/** Forgets this process's copies (tests: a read then comes from the table). */
export function forgetAgreementSnapshots() {
  cache?.c.clear()
}
