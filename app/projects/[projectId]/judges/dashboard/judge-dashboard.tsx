'use client'
// The judge dashboard: a picker over the project's AI raters (kept in the address), then for the
// chosen one the headline alignment and κ, the confusion matrix, position bias, calibration,
// alignment per subset, cost and the disagreements. Without ?rater= the first rater is shown.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useTRPC } from '../../../../trpc.ts'
import { dashboardPath, judgesPath, type Dashboard } from '../types.ts'
import { Disagreements } from './disagreements.tsx'
import { Headline } from './headline.tsx'
import { CalibrationCard, ConfusionCard, CostCard, PositionBiasCard, SubsetsCard } from './judge-charts.tsx'

export function JudgeDashboardView({ projectId, rater }: { projectId: string; rater: string | null }) {
  const trpc = useTRPC()
  const router = useRouter()
  // Always refetched on arrival: a run that just ended adds a rater the cached list may not have.
  const list = useQuery({ ...trpc.judges.list.queryOptions({ projectId }), refetchOnMount: 'always' })
  const raters = list.data?.raters ?? []
  const raterKey = rater ?? raters[0]?.raterKey ?? null
  const q = useQuery({
    ...trpc.judges.dashboard.queryOptions({ projectId, raterKey: raterKey ?? '-' }),
    enabled: raterKey !== null,
    placeholderData: keepPreviousData,
  })
  const picked = raters.find((r) => r.raterKey === raterKey)
  return (
    <div className="judge-dashboard" aria-busy={q.isFetching}>
      <Link href={judgesPath(projectId)} className="small">← Judges</Link>
      <div className="card agreement-controls row">
        <label className="field">AI rater
          <select data-testid="rater-picker" value={raterKey ?? ''} onChange={(e) => router.replace(dashboardPath(projectId, e.target.value))}>
            {raterKey && !picked && <option value={raterKey}>{q.data?.raterKey === raterKey ? q.data.name : raterKey}</option>}
            {raters.map((r) => <option key={r.raterKey} value={r.raterKey}>{r.name} · {r.labels.toLocaleString()} labels</option>)}
          </select>
        </label>
        {picked?.judgeId && <Link href={`${judgesPath(projectId)}/${picked.judgeId}`} className="small">Open this judge →</Link>}
        {picked && !picked.judgeId && <span className="small muted">imported with a dataset</span>}
        <span className="spacer" />
        {q.isFetching && <span className="muted small">Updating…</span>}
      </div>
      {list.data && raters.length === 0 && <div className="card"><p className="muted">No AI labels in this project yet: run a judge first.</p></div>}
      {list.error && <p className="error" role="alert">{list.error.message}</p>}
      {q.error && <div className="card"><p className="error" role="alert">{q.error.message}</p></div>}
      {raterKey && q.isLoading && <p className="muted">Computing the dashboard…</p>}
      {q.data && <Sections d={q.data} />}
    </div>
  )
}

function Sections({ d }: { d: Dashboard }) {
  return (
    <>
      <h2 className="judge-dashboard-title" data-testid="dashboard-rater">{d.name}</h2>
      <p className="muted small" data-testid="reference-note">{d.reference.note}</p>
      <Headline d={d} />
      <div className="grid2">
        <ConfusionCard d={d} />
        <PositionBiasCard d={d} />
      </div>
      <div className="grid2">
        <CalibrationCard d={d} />
        <div>
          <SubsetsCard d={d} />
          <CostCard d={d} />
        </div>
      </div>
      <Disagreements d={d} />
    </>
  )
}
