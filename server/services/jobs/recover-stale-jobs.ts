// At worker start: a job still RUNNING was being run by a worker that died (SIGKILL, crash,
// power loss). Jobs whose kind allows retries and that have attempts left are re-queued (a fresh
// pg-boss message; the dead one is cancelled so it cannot run twice); the others are marked FAILED
// with the reason. Nothing stays RUNNING forever.
import { db } from '../../db/client.ts'
import { getBoss } from '../../jobs/boss.ts'
import { JOB_CONTRACT } from '../../jobs/contract.ts'
import { transitionJob } from './transition-job.ts'

const REASON = 'The worker stopped while this job was running (process killed or crashed)'

export async function recoverStaleJobs() {
  const stale = await db.job.findMany({ where: { status: 'RUNNING' }, select: { id: true, kind: true, attempts: true, queueJobId: true } })
  const boss = await getBoss()
  const result = { requeued: 0, failed: 0 }
  for (const j of stale) {
    const c = JOB_CONTRACT[j.kind]
    if (j.queueJobId) await boss.cancel(c.queue, j.queueJobId).catch(() => undefined)
    if (j.attempts <= c.retryLimit) {
      await transitionJob(j.id, 'QUEUED', { phase: `re-queued: ${REASON.toLowerCase()}` })
      const queueJobId = await boss.send(c.queue, c.payload.parse({ jobId: j.id }))
      await db.job.update({ where: { id: j.id }, data: { queueJobId } })
      result.requeued++
    } else {
      await transitionJob(j.id, 'FAILED', { error: `${REASON}; start it again.` })
      result.failed++
    }
  }
  return result
}
