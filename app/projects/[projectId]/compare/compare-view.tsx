'use client'
// The compare page: the run picker, then for the picked runs (from ?runs=a,b in the URL, in that
// order) their curves overlaid, the policy evaluations, the configuration diff and the completions
// side by side, with JSON and CSV export of it all.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useTRPC } from '../../../trpc.ts'
import { CompareCurves, runColor } from './compare-curves.tsx'
import { ConfigDiff } from './config-diff.tsx'
import { EvaluationSection } from './evaluation-section.tsx'
import { ExportButtons } from './export-buttons.tsx'
import { PresetCard } from './preset-card.tsx'
import { RunPicker } from './run-picker.tsx'
import { RunTagBadge } from './run-tag-badge.tsx'
import { SideBySide } from './side-by-side.tsx'
import type { Comparison } from './types.ts'

/** The API's limit (server/services/compare/get-run-comparison.ts): one palette colour per run. */
const MAX_RUNS = 8

export function CompareView({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const picked = (params.get('runs') ?? '').split(',').filter(Boolean).slice(0, MAX_RUNS)
  const runs = useQuery(trpc.compare.runs.queryOptions({ projectId }))
  const comparison = useQuery({
    ...trpc.compare.get.queryOptions({ projectId, policyIds: picked }),
    enabled: picked.length > 0,
    placeholderData: keepPreviousData,
  })
  const setPicked = (ids: string[]) => router.replace(ids.length ? `${pathname}?runs=${ids.join(',')}` : pathname, { scroll: false })

  return (
    <div className="compare">
      <div className="card">
        <div className="section-head">
          <h2>Compare runs</h2>
          {comparison.data && picked.length > 0 && <ExportButtons comparison={comparison.data} />}
        </div>
        <p className="muted small">
          Tags: RLHF = reward model trained on human labels, RLAIF = on AI labels, SER = on human + approved self-labels, d-RLAIF = the AI judge&apos;s rating as the reward, SFT = supervised only.
          The picked runs are in the address: copy it to share this comparison.
        </p>
        {runs.error ? <p className="error">{runs.error.message}</p> : !runs.data ? <p className="muted">Loading…</p> : (
          <RunPicker runs={runs.data} picked={picked} max={MAX_RUNS} onChange={setPicked} />
        )}
      </div>
      {picked.length === 0 ? (
        <>
          <p className="muted" data-testid="compare-empty">Pick runs above to compare them.</p>
          <PresetCard projectId={projectId} onStarted={setPicked} />
        </>
      ) : comparison.error ? (
        <div className="card"><p className="error">{comparison.error.message}</p></div>
      ) : !comparison.data ? (
        <p className="muted">Loading…</p>
      ) : (
        <Sections comparison={comparison.data} projectId={projectId} />
      )}
    </div>
  )
}

function Sections({ comparison, projectId }: { comparison: Comparison; projectId: string }) {
  return (
    <>
      <div className="card">
        <h2>Runs</h2>
        <ul className="compare-runs" data-testid="compared-runs">
          {comparison.runs.map((r, i) => (
            <li key={r.id}>
              <span className="chart-swatch" style={{ background: runColor(i) }} />
              <Link href={`/projects/${projectId}/policies/${r.id}`}>{r.name}</Link> <RunTagBadge tag={r.tag} why={r.tagWhy} />
              <span className="muted small"> {r.kind}{r.rewardModel ? ` · reward model ${r.rewardModel.name}` : ''}{r.parent ? ` · from ${r.parent.name}` : ''} · {r.status.toLowerCase()}</span>
            </li>
          ))}
        </ul>
      </div>
      <CompareCurves comparison={comparison} />
      <EvaluationSection projectId={projectId} policyIds={comparison.runs.map((r) => r.id)} />
      <ConfigDiff comparison={comparison} />
      <SideBySide comparison={comparison} />
    </>
  )
}
