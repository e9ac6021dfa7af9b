'use client'
// Starting a judge run (all pairs, pairs no AI has labelled, or a random sample) and following the
// newest run live through the shared job panel: progress, the phase the run reports (pairs/s and
// cost so far), its log and a cancel button, with the run's counters underneath.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { useEffect, useEffectEvent, useState, type FormEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'
import { JobPanel } from '../../../../_components/job-panel.tsx'
import { useJobProgress } from '../../../../_components/job-progress.tsx'
import { isActiveJob } from '../../../../_components/job-status-badge.tsx'
import { dashboardPath, SCOPE_TEXT, scopeText, usd, type JudgeDetail, type JudgeRun } from '../types.ts'

type Scope = keyof typeof SCOPE_TEXT

export function RunPanel({ projectId, judge }: { projectId: string; judge: JudgeDetail }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [scope, setScope] = useState<Scope>('SAMPLE')
  const [sampleSize, setSampleSize] = useState('50')
  const latest = judge.runs[0] ?? null
  const progress = useJobProgress(latest?.job.id)
  // The judges list shows the latest run and the raters, so it goes stale with the run too.
  const refresh = () => Promise.all([
    qc.invalidateQueries(trpc.judges.get.queryFilter({ judgeId: judge.id })),
    qc.invalidateQueries(trpc.judges.list.queryFilter({ projectId })),
  ])
  const start = useMutation(trpc.judges.startRun.mutationOptions({ onSuccess: () => void refresh() }))
  // The job row moves first; reload the run's counters when its status changes.
  const live = progress.job?.status
  const onStatus = useEffectEvent((status: string) => { if (latest && status !== latest.job.status) void refresh() })
  useEffect(() => { if (live) onStatus(live) }, [live])
  const running = isActiveJob(live ?? latest?.job.status)

  function submit(e: FormEvent) {
    e.preventDefault()
    start.mutate({ judgeId: judge.id, scope, ...(scope === 'SAMPLE' ? { sampleSize: Number(sampleSize) } : {}) })
  }

  return (
    <>
      <form className="card" aria-label="Run judge" onSubmit={submit}>
        <h2>Run</h2>
        <p className="small muted">Labels pairs with version {judge.version} of this judge. Pairs this version already labelled are skipped, so a run can be repeated to finish what a stopped one left.</p>
        <div className="row judge-scopes" role="radiogroup" aria-label="Pairs to judge">
          <label className="field inline check-field"><input type="radio" name="scope" checked={scope === 'SAMPLE'} onChange={() => setScope('SAMPLE')} /> A random sample of</label>
          <input type="number" min={1} max={1_000_000} step={1} value={sampleSize} aria-label="Sample size" className="judge-sample"
            onFocus={() => setScope('SAMPLE')} onChange={(e) => setSampleSize(e.target.value)} required={scope === 'SAMPLE'} />
          <span className="small">pairs</span>
          <label className="field inline check-field"><input type="radio" name="scope" checked={scope === 'UNLABELLED_BY_AI'} onChange={() => setScope('UNLABELLED_BY_AI')} /> Pairs without AI labels</label>
          <label className="field inline check-field"><input type="radio" name="scope" checked={scope === 'ALL'} onChange={() => setScope('ALL')} /> All pairs</label>
          <span className="spacer" />
          <button className="btn btn-primary" disabled={start.isPending || running}>{start.isPending ? 'Starting…' : 'Start run'}</button>
        </div>
        {running && <p className="small muted">A run of this judge is in progress; start another when it ends.</p>}
        {start.error && <p className="error" role="alert">{start.error.data?.zodIssues?.join('; ') || start.error.message}</p>}
      </form>
      {latest && (
        <JobPanel title={`Latest run · v${latest.configVersion} · ${scopeText(latest)}`} progress={progress} testId="judge-job-panel">
          <RunCounters run={latest} projectId={projectId} />
        </JobPanel>
      )}
    </>
  )
}

function RunCounters({ run, projectId }: { run: JudgeRun; projectId: string }) {
  const stat = (k: string, v: string) => <div><dt>{k}</dt><dd>{v}</dd></div>
  return (
    <dl className="settings-list judge-counters" data-testid="run-counters">
      {stat('pairs', `${run.pairsDone.toLocaleString()} done · ${run.pairsFailed.toLocaleString()} unreadable · ${run.pairsTotal.toLocaleString()} in scope`)}
      {stat('requests', `${run.requests.toLocaleString()} (${run.retries.toLocaleString()} retries)`)}
      {stat('tokens', `${run.promptTokens.toLocaleString()} prompt · ${run.completionTokens.toLocaleString()} completion`)}
      {stat('cost', usd(run.costUsd))}
      {run.pairsDone > 0 && <div><Link href={dashboardPath(projectId, run.raterKey)}>Dashboard of v{run.configVersion} →</Link></div>}
    </dl>
  )
}
