// Progress (0..1 with a phase text) and a heartbeat, written by the task while it runs.
import { db } from '../../db/client.ts'

export async function reportJobProgress(jobId: string, progress: number, phase: string) {
  await db.job.update({
    where: { id: jobId },
    data: { progress: Math.max(0, Math.min(1, progress)), phase: phase.slice(0, 200), heartbeatAt: new Date() },
  })
}
