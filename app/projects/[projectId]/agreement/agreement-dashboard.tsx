'use client'
// The agreement dashboard: which labels to look at (source, dataset annotators, minimum overlap),
// then the headline coefficients, the per-annotator charts, activity and AI-judge alignment.
import { useState } from 'react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'
import { HeadlineStats } from './headline-stats.tsx'
import { CohenHeatmap, LabelShares, MajorityBars, RaterTable } from './rater-charts.tsx'
import { ItemAgreementChart, LabelsPerDayChart } from './activity-charts.tsx'
import { JudgeAlignment } from './judge-alignment.tsx'
import { SOURCE_LABELS, SOURCE_RATERS, type Agreement, type Source } from './types.ts'

/** How soon the page asks again while the server refreshes its stored numbers. */
const REFRESH_POLL_MS = 2000

export function AgreementDashboard({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const [source, setSource] = useState<Source>('HUMAN')
  const [includeExternal, setIncludeExternal] = useState(true)
  const [minOverlap, setMinOverlap] = useState(5)
  const q = useQuery({
    ...trpc.agreement.project.queryOptions({ projectId, source, includeExternal, minOverlap }),
    placeholderData: keepPreviousData,
    // The server answered with its stored numbers while it refreshes them: ask again shortly for the new ones.
    refetchInterval: (query) => (query.state.data?.refreshing ? REFRESH_POLL_MS : false),
  })
  return (
    <div className="agreement" aria-busy={q.isFetching}>
      <div className="card agreement-controls row">
        <label className="field">Labels
          <select data-testid="agreement-source" value={source} onChange={(e) => setSource(e.target.value as Source)}>
            {(Object.keys(SOURCE_LABELS) as Source[]).map((s) => <option key={s} value={s}>{SOURCE_LABELS[s]}</option>)}
          </select>
        </label>
        <label className="row agreement-check">
          <input type="checkbox" checked={includeExternal} onChange={(e) => setIncludeExternal(e.target.checked)} />
          Include dataset annotators (imported labels)
        </label>
        <label className="field">Min. shared pairs for Cohen’s κ
          <input type="number" min={1} max={10000} value={minOverlap} style={{ width: '7rem' }}
            onChange={(e) => setMinOverlap(Math.max(1, Math.floor(Number(e.target.value) || 1)))} />
        </label>
        <span className="spacer" />
        {q.isFetching && <span className="muted small">Updating…</span>}
        {q.data && q.data.maxAgeSeconds > 0 && <AsOf data={q.data} />}
      </div>
      {q.isLoading && <p className="muted">Loading agreement… (the first view of a project or of these options computes it, which takes a few seconds on a large project; later views show stored numbers at once)</p>}
      {q.error && <p className="error" role="alert">{q.error.message}</p>}
      {q.data && <Sections data={q.data} />}
    </div>
  )
}

/** When the numbers are current: stored numbers, compared with the labels at most every maxAgeSeconds while someone reads them. */
function AsOf({ data }: { data: Agreement }) {
  const time = (d: Date | string) => new Date(d).toLocaleTimeString('en-GB')
  const unchanged = new Date(data.computedAt).getTime() !== new Date(data.asOf).getTime()
  const title = `Stored numbers, checked against new labels at most every ${data.maxAgeSeconds} s while someone reads them and recomputed in the background only when labels changed, so dashboards never slow labelling down.`
    + (unchanged ? ` Computed at ${time(data.computedAt)}; no label changed since.` : '')
  return (
    <span className="muted small" data-testid="agreement-as-of" title={title}>
      as of {time(data.asOf)}{data.refreshing ? ' · refreshing…' : ''}
    </span>
  )
}

function Sections({ data }: { data: Agreement }) {
  const who = SOURCE_RATERS[data.source]
  if (data.overall.ratings === 0) {
    return (
      <>
        <div className="card" data-testid="agreement-empty">
          <h2>No labels from {who} yet</h2>
          <p className="muted">Agreement needs at least two annotators on the same pairs. Raise “annotators per pair” in the settings, or import a dataset with several annotators per pair.</p>
        </div>
        <JudgeAlignment judges={data.judges} note={data.reference.note} />
      </>
    )
  }
  if (data.overall.pairsWith2plus === 0) {
    // Nothing to compare: say so once, and keep what still means something (shares, activity, judges).
    return (
      <>
        <HeadlineStats data={data} />
        <div className="card" data-testid="agreement-too-little">
          <h2>Not enough overlap for agreement</h2>
          <p className="muted">Agreement needs at least two {who} on the same pairs; no pair has two labels from {who} yet.</p>
        </div>
        <div className="grid2">
          <LabelShares data={data} />
          <LabelsPerDayChart data={data} />
        </div>
        <JudgeAlignment judges={data.judges} note={data.reference.note} />
        <RaterTable data={data} />
      </>
    )
  }
  return (
    <>
      <HeadlineStats data={data} />
      <CohenHeatmap data={data} />
      <div className="grid2">
        <MajorityBars data={data} />
        <LabelShares data={data} />
      </div>
      <div className="grid2">
        <ItemAgreementChart data={data} />
        <LabelsPerDayChart data={data} />
      </div>
      <JudgeAlignment judges={data.judges} note={data.reference.note} />
      <RaterTable data={data} />
    </>
  )
}
