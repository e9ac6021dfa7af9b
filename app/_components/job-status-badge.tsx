// A job's status as a coloured pill; a running job's pill pulses. Shared by every job view.
export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED'

export const isActiveJob = (s: JobStatus | undefined | null) => s === 'QUEUED' || s === 'RUNNING'

const TONE: Record<JobStatus, string> = {
  QUEUED: 'badge job-badge-queued',
  RUNNING: 'badge badge-run job-badge-running',
  SUCCEEDED: 'badge badge-ok',
  FAILED: 'badge badge-err',
  CANCELLED: 'badge job-badge-cancelled',
}

export function JobStatusBadge({ status, testId = 'job-status' }: { status: JobStatus; testId?: string }) {
  return <span className={TONE[status]} data-testid={testId} data-status={status}>{status.toLowerCase()}</span>
}

/** "1:05", "12:40", "1:02:03": minutes and seconds, hours when needed. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const hh = Math.floor(s / 3600)
  const mm = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`
}
