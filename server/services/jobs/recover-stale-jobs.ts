// At worker start: a job still RUNNING was being run by a worker that died (killed, crashed).
// Mark it FAILED with the reason, so nothing stays RUNNING forever.
import { db } from '../../db/client.ts'
import { transitionJob } from './transition-job.ts'

export async function recoverStaleJobs(staleAfterMs = 0) {
  const cutoff = new Date(Date.now() - staleAfterMs)
  const stale = await db.job.findMany({ where: { status: 'RUNNING', OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: cutoff } }] }, select: { id: true } })
  for (const j of stale) {
    await transitionJob(j.id, 'FAILED', { error: 'The worker stopped while this job was running (process killed or crashed); start it again.' })
  }
  return stale.length
}
