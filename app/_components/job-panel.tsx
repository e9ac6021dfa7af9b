'use client'
// The live panel of one background job: status, a progress bar with the phase the job reports,
// elapsed time, a cancel button (with a confirmation step), the error of a failed job and the tail
// of its log. Pages pass the state of useJobProgress, and put metric charts underneath as children.
import { useMutation } from '@tanstack/react-query'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useTRPC } from '../trpc.ts'
import { useJobProgress, type JobLogLine, type JobProgress, type JobRow } from './job-progress.tsx'
import { formatDuration, isActiveJob, JobStatusBadge } from './job-status-badge.tsx'
import { JobStopNote, remainingText } from './job-stop-note.tsx'

/** Re-renders every second while `on`, for clocks. */
function useNow(on: boolean) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!on) return
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [on])
  return now
}

function Elapsed({ job }: { job: JobRow }) {
  const now = useNow(isActiveJob(job.status))
  if (job.status === 'QUEUED') return <span>waiting {formatDuration(now - +new Date(job.createdAt))}</span>
  if (!job.startedAt) return null
  const end = job.finishedAt ? +new Date(job.finishedAt) : now
  const left = remainingText(job, now)
  return (
    <span data-testid="job-elapsed">
      {job.finishedAt ? 'took' : 'running for'} {formatDuration(end - +new Date(job.startedAt))}
      {left && <span data-testid="job-remaining"> · {left}</span>}
    </span>
  )
}

function attemptsText(job: JobRow) {
  const parts = []
  if (job.attempts > 1) parts.push(`attempt ${job.attempts}`)
  if (job.retries) parts.push(`${job.retries} ${job.retries === 1 ? 'retry' : 'retries'}`)
  if (job.continuations) parts.push(`${job.continuations} ${job.continuations === 1 ? 'continuation' : 'continuations'} after the time limit`)
  return parts.length ? ` · ${parts.join(' · ')}` : ''
}

const KIND_LABEL: Record<string, string> = {
  PRETRAIN_LM: 'pretraining the base model', TRAIN_RM: 'training a reward model', IMPORT: 'an import',
  SCORE_PAIRS: 'scoring pairs', JUDGE_RUN: 'a judge run', EVAL_RM: 'a benchmark evaluation', SFT: 'training the SFT policy', BASELINES: 'the baseline samples', PPO: 'a PPO run', SER_ROUND: 'an SER round',
}

/** The job this one waits for (a chain), live: its progress and log, so a waiting job never shows a bare 0%. */
function WaitingFor({ jobId }: { jobId: string }) {
  const progress = useJobProgress(jobId)
  const kind = progress.job ? KIND_LABEL[progress.job.kind] ?? progress.job.kind : 'another job'
  return <JobPanel title={`Waiting for ${kind}`} progress={progress} testId="job-waiting-for" />
}

export function JobProgressBar({ job }: { job: JobRow }) {
  const pct = Math.round(100 * job.progress)
  return (
    <div className="job-progress" role="progressbar" aria-label="Job progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className={`progress${job.status === 'RUNNING' ? ' progress-live' : ''}${job.status === 'FAILED' ? ' progress-failed' : ''}`}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <div className="job-progress-text small">
        <strong data-testid="job-percent">{pct}%</strong>
        <span className="muted" data-testid="job-phase">{job.phase}</span>
      </div>
    </div>
  )
}

function CancelButton({ jobId }: { jobId: string }) {
  const trpc = useTRPC()
  const [asking, setAsking] = useState(false)
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions())
  if (cancel.data?.status === 'CANCELLING') return <span className="small muted">Stopping…</span>
  if (!asking) return <button type="button" className="btn btn-small btn-danger" onClick={() => setAsking(true)}>Cancel job</button>
  return (
    <span className="job-confirm" role="group" aria-label="Confirm cancelling">
      <span className="small">Stop this job? Its work so far is lost.</span>
      <button type="button" className="btn btn-small btn-danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ jobId })}>Yes, cancel</button>
      <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>Keep running</button>
      {cancel.error && <span className="error small">{cancel.error.message}</span>}
    </span>
  )
}

export function JobLogTail({ logs }: { logs: JobLogLine[] }) {
  const box = useRef<HTMLPreElement>(null)
  // Follow the tail unless the reader scrolled up to read something.
  useEffect(() => {
    const el = box.current
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 60) el.scrollTop = el.scrollHeight
  }, [logs.length])
  if (!logs.length) return <p className="small muted">No log lines yet.</p>
  return (
    <pre className="job-log" ref={box} data-testid="job-log">
      {logs.map((l) => (
        <div key={l.id} className={`job-log-${l.level.toLowerCase()}`}>
          <span className="job-log-time">{new Date(l.at).toLocaleTimeString()}</span> {l.message}
        </div>
      ))}
    </pre>
  )
}

type Props = {
  title: string
  progress: JobProgress
  /** Text under the title, e.g. what the job does. */
  note?: ReactNode
  showLog?: boolean
  children?: ReactNode
  testId?: string
}

export function JobPanel({ title, progress, note, showLog = true, children, testId = 'job-panel' }: Props) {
  const { job, logs, error } = progress
  return (
    <section className="card job-panel" data-testid={testId} aria-label={title}>
      <div className="job-head">
        <h2>{title}</h2>
        {job && <JobStatusBadge status={job.status} />}
        {job && <span className="small muted"><Elapsed job={job} />{attemptsText(job)}</span>}
        <span className="spacer" />
        {job && isActiveJob(job.status) && <CancelButton jobId={job.id} />}
      </div>
      {note && <div className="small muted job-note">{note}</div>}
      {!job && !error && <p className="muted">Loading…</p>}
      {error && <p className="error small" role="alert">Could not refresh: {error}</p>}
      {job && <JobProgressBar job={job} />}
      {job && <JobStopNote job={job} />}
      {job?.status === 'FAILED' && job.error && <pre className="job-error" role="alert" data-testid="job-error">{job.error}</pre>}
      {job?.status === 'QUEUED' && job.afterJobId && <WaitingFor jobId={job.afterJobId} />}
      {children}
      {showLog && job && (
        <details className="job-log-box" open={job.status !== 'SUCCEEDED'}>
          <summary className="small">Log ({logs.length} {logs.length === 1 ? 'line' : 'lines'}{logs.length >= 500 ? ', the last 500' : ''})</summary>
          <JobLogTail logs={logs} />
        </details>
      )}
    </section>
  )
}
