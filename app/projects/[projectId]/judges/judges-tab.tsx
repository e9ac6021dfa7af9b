'use client'
// The Judges tab: the project's AI judges with their settings and latest run (refreshing while one
// runs), the "New judge" dialog, and every AI rater with labels in the project (judges made here,
// one per configuration version, and imported ones such as PandaLM's GPT-3.5) with its dashboard.
import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { isActiveJob, JobStatusBadge } from '../../../_components/job-status-badge.tsx'
import { JobRowStatus } from '../../../_components/job-row-status.tsx'
import { whenText } from '../../../_components/format.ts'
import { NewJudgeDialog } from './new-judge-dialog.tsx'
import { KeyBadge } from './key-badge.tsx'
import { dashboardPath, judgesPath, modeText, providerText, type AiRater, type JudgeRow } from './types.ts'

export function JudgesTab({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const router = useRouter()
  const [creating, setCreating] = useState(false)
  const list = useQuery({
    ...trpc.judges.list.queryOptions({ projectId }),
    refetchInterval: (q) => (q.state.data?.judges.some((j) => isActiveJob(j.lastRun?.job.status)) ? 2000 : false),
  })
  const judges = list.data?.judges ?? []
  return (
    <div className="judges-tab">
      <div className="card intro-text">
        <div>
          <h2>AI judges</h2>
          <p className="muted small">
            An AI judge labels preference pairs the way an annotator does (RLAIF): an LLM behind an OpenAI-compatible endpoint, or a
            local ONNX model, reads the prompt and both responses and says which is better. Its labels sit beside the human ones, and
            its dashboard shows how often it agrees with the human majority, how biased and calibrated it is, and what it costs.
          </p>
        </div>
        <div className="row actions-row">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>New judge</button>
        </div>
      </div>
      <div className="card table-card">
        {list.isLoading && <p className="muted">Loading…</p>}
        {list.error && <p className="error" role="alert">{list.error.message}</p>}
        {list.data && judges.length === 0 && (
          <div className="empty-state">
            <p><strong>No judges yet.</strong></p>
            <p className="muted small">Create one, then run it on a random sample of a few dozen pairs to see its alignment before paying for all of them.</p>
          </div>
        )}
        {judges.length > 0 && <JudgesTable projectId={projectId} judges={judges} />}
      </div>
      {list.data && <RatersCard projectId={projectId} raters={list.data.raters} judges={judges} />}
      {creating && (
        <NewJudgeDialog
          projectId={projectId}
          defaultName={`Judge ${judges.length + 1}`}
          onClose={() => setCreating(false)}
          onCreated={(id) => router.push(`${judgesPath(projectId)}/${id}`)}
        />
      )}
    </div>
  )
}

function JudgesTable({ projectId, judges }: { projectId: string; judges: JudgeRow[] }) {
  return (
    <table data-testid="judges-table" className="data-table">
      <thead>
        <tr><th>Name</th><th>Provider</th><th>Mode</th><th className="num">Version</th><th>API key</th><th>Last run</th><th className="progress-col">Progress</th><th>Created</th></tr>
      </thead>
      <tbody>
        {judges.map((j) => (
          <tr key={j.id} data-testid={`judge-row-${j.id}`}>
            <td><Link href={`${judgesPath(projectId)}/${j.id}`} className="rm-name">{j.name}</Link></td>
            <td className="small judge-provider">{providerText(j.config.provider)}</td>
            <td className="small">{modeText(j.config)}</td>
            <td className="num">v{j.version}</td>
            <td className="small">{j.config.provider.kind === 'onnx' ? <span className="muted">not needed</span> : <KeyBadge apiKeyRef={j.config.provider.apiKeyRef} hasApiKey={j.hasApiKey} />}</td>
            <td>{j.lastRun ? <JobStatusBadge status={j.lastRun.job.status} testId={`judge-status-${j.id}`} /> : <span className="small muted">never run</span>}</td>
            <td className="progress-col">{j.lastRun && <RunProgress run={j.lastRun} />}</td>
            <td className="small nowrap">{whenText(j.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A bar with the phase (pairs/s, cost) while the run goes; afterwards its counts, or why it stopped. */
export function RunProgress({ run }: { run: NonNullable<JudgeRow['lastRun']> }) {
  const pairs = `${run.pairsDone.toLocaleString()} / ${run.pairsTotal.toLocaleString()} pairs`
  return <JobRowStatus job={run.job} label="Judge run progress" done={(took) => `${pairs}${took ? ` in ${took}` : ''}`} />
}

function RatersCard({ projectId, raters, judges }: { projectId: string; raters: AiRater[]; judges: JudgeRow[] }) {
  const judgeName = (id: string | null) => judges.find((j) => j.id === id)?.name
  return (
    <div className="card" data-testid="ai-raters">
      <h2>AI raters in this project</h2>
      <p className="small muted">Every AI rater with labels here: each version of a judge above labels under its own name, and judges imported with a dataset (e.g. PandaLM’s GPT-3.5) are listed too.</p>
      {raters.length === 0 ? <p className="muted">No AI labels yet.</p> : (
        <table>
          <thead><tr><th>Rater</th><th>Source</th><th className="num">Labels</th><th /></tr></thead>
          <tbody>
            {raters.map((r) => (
              <tr key={r.raterKey} data-testid="ai-rater-row">
                <td><strong>{r.name}</strong><div className="small muted"><code>{r.raterKey}</code></div></td>
                <td className="small">{r.judgeId ? <Link href={`${judgesPath(projectId)}/${r.judgeId}`}>judge “{judgeName(r.judgeId)}”</Link> : 'imported'}</td>
                <td className="num">{r.labels.toLocaleString()}</td>
                <td className="num"><Link href={dashboardPath(projectId, r.raterKey)} aria-label={`Dashboard of ${r.name}`}>Dashboard →</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
