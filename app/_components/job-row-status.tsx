// A job in a table row or a compact panel, the same way on every page: while it runs a bar with its
// percentage and phase; afterwards how long it took (or the page's own summary), the first line of
// its error, or why it was stopped. The live page of one job is JobPanel.
import type { ReactNode } from 'react'
import { formatDuration, isActiveJob, type JobStatus } from './job-status-badge.tsx'

export type RowJob = {
  status: JobStatus; progress: number; phase: string; error: string | null
  startedAt: Date | string | null; finishedAt: Date | string | null
}

type Props = {
  job: RowJob
  /** The bar's accessible name, e.g. "Training progress". */
  label: string
  /** What a finished job shows instead of "done in 1:05". */
  done?: (took: string | null) => ReactNode
  /** Text while it waits for a worker; default "queued". */
  queued?: string
  /** A full-width bar instead of the thin one of a table cell. */
  wide?: boolean
  testId?: string
}

export function JobRowStatus({ job, label, done, queued, wide = false, testId }: Props) {
  if (isActiveJob(job.status)) {
    const pct = Math.round(100 * job.progress)
    const text = job.status === 'QUEUED' && queued ? queued : `${pct}% · ${job.phase}`
    return (
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid={testId}>
        <div className={`progress${wide ? '' : ' progress-thin'} progress-live`}><div style={{ width: `${pct}%` }} /></div>
        <div className={`small muted${wide ? '' : ' phase-text'}`} title={job.phase}>{text}</div>
      </div>
    )
  }
  const took = job.startedAt && job.finishedAt ? formatDuration(+new Date(job.finishedAt) - +new Date(job.startedAt)) : null
  if (job.status === 'FAILED') return <span className="small error phase-text" title={job.error ?? ''} data-testid={testId}>{job.error?.split('\n')[0] ?? 'failed'}</span>
  if (job.status === 'SUCCEEDED') return <span className="small muted" data-testid={testId}>{done ? done(took) : `done${took ? ` in ${took}` : ''}`}</span>
  return <span className="small muted" data-testid={testId}>{job.phase}</span>
}
