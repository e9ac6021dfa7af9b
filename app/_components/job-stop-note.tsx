// Says why a job stopped or was put back in the queue, in words: a user's cancel, its deliberate
// time limit (and whether it continues), a lost worker, a failed job it waited for. Never leaves a
// reader to guess from "cancelled" or "failed" alone.
import type { JobRow } from './job-progress.tsx'

const TEXT: Record<NonNullable<JobRow['stopReason']>, { ended: string; queued: string }> = {
  CANCELLED_BY_USER: { ended: 'Cancelled by a user.', queued: 'A cancel was requested.' },
  TIME_LIMIT: { ended: 'Stopped by its time limit per attempt (a setting of the job kind), not by a user.', queued: 'Its attempt reached the time limit per attempt; it continues from its last saved state.' },
  WORKER_LOST: { ended: 'Its worker process stopped (killed, crashed or its machine lost) and no retries were left.', queued: 'Its worker process stopped; it is re-queued.' },
  ERROR: { ended: 'The job failed with the error below.', queued: 'The last attempt failed; it is retried.' },
  DEPENDENCY_FAILED: { ended: 'The job it waited for did not succeed.', queued: '' },
}

export function JobStopNote({ job }: { job: JobRow }) {
  if (!job.stopReason || job.status === 'SUCCEEDED' || job.status === 'RUNNING') return null
  const text = TEXT[job.stopReason][job.status === 'QUEUED' ? 'queued' : 'ended']
  if (!text) return null
  return <p className="small job-stop-note" data-testid="job-stop-reason" data-reason={job.stopReason}>{text}</p>
}

/** "about 4 min left", from the job's own pace so far (measured on this machine, not a constant). */
export function remainingText(job: JobRow, now: number): string | null {
  if (job.status !== 'RUNNING' || !job.startedAt || job.progress < 0.02 || job.progress >= 1) return null
  const elapsed = now - +new Date(job.startedAt)
  if (elapsed < 10_000) return null
  const left = (elapsed * (1 - job.progress)) / job.progress / 1000
  if (left < 60) return 'less than a minute left'
  if (left < 3600) return `about ${Math.round(left / 60)} min left`
  return `about ${(left / 3600).toFixed(1)} h left`
}
