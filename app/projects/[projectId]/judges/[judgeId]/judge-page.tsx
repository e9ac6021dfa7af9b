'use client'
// One judge's page: what it is (provider, mode, version, key), the Run panel with the live job,
// every past run with its counts, then its settings and API key. While a run is going the page
// reloads the judge every two seconds so the run's counters move with the progress bar.
import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useTRPC } from '../../../../trpc.ts'
import { isActiveJob } from '../../../../_components/job-status-badge.tsx'
import { whenText } from '../../../../_components/format.ts'
import { KeyBadge } from '../key-badge.tsx'
import { dashboardPath, judgesPath, modeText, providerText, type JudgeDetail } from '../types.ts'
import { ApiKeyPanel } from './api-key-panel.tsx'
import { RunPanel } from './run-panel.tsx'
import { RunsTable } from './runs-table.tsx'
import { SettingsEditor } from './settings-editor.tsx'

export function JudgePage({ projectId, judgeId }: { projectId: string; judgeId: string }) {
  const trpc = useTRPC()
  const q = useQuery({
    ...trpc.judges.get.queryOptions({ judgeId }),
    refetchInterval: (query) => (isActiveJob(query.state.data?.runs[0]?.job.status) ? 2000 : false),
  })
  if (q.error) return <div className="card"><p className="error" role="alert">{q.error.message}</p></div>
  if (!q.data) return <p className="muted">Loading…</p>
  const judge = q.data
  return (
    <div className="judge-page">
      <Head projectId={projectId} judge={judge} />
      <RunPanel projectId={projectId} judge={judge} />
      <RunsTable projectId={projectId} runs={judge.runs} />
      <div className="judge-settings-row">
        <SettingsEditor judge={judge} />
        <ApiKeyPanel judge={judge} />
      </div>
    </div>
  )
}

function Head({ projectId, judge }: { projectId: string; judge: JudgeDetail }) {
  const c = judge.config
  const current = judge.runs.find((r) => r.configVersion === judge.version && r.pairsDone > 0)
  return (
    <div className="run-head">
      <Link href={judgesPath(projectId)} className="small">← Judges</Link>
      <div className="row">
        <h2 className="page-title" data-testid="judge-name">{judge.name}</h2>
        <span className="badge">v{judge.version}</span>
        {c.provider.kind === 'openai' && <KeyBadge apiKeyRef={c.provider.apiKeyRef} hasApiKey={judge.hasApiKey} />}
        <span className="spacer" />
        {current && <Link className="btn" href={dashboardPath(projectId, current.raterKey)}>Dashboard of v{judge.version}</Link>}
      </div>
      <dl className="settings-list">
        <div><dt>Provider</dt><dd>{c.provider.kind === 'openai' ? 'OpenAI-compatible' : 'local ONNX'} · {providerText(c.provider)}</dd></div>
        <div><dt>Mode</dt><dd>{modeText(c)}</dd></div>
        <div><dt>Preamble</dt><dd>{c.prompt.preamble}</dd></div>
        <div><dt>Rate</dt><dd>{c.rate.concurrency} at a time · {c.rate.requestsPerMinute.toLocaleString()}/min</dd></div>
        <div><dt>Created</dt><dd>{whenText(judge.createdAt)}</dd></div>
      </dl>
    </div>
  )
}
