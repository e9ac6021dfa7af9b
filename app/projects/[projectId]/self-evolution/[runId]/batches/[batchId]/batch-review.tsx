'use client'
// The review page of one self-label batch: its size, counts per rule, the spot-check's progress and
// agreement with the self-labels (95% Wilson interval, refreshed as labels arrive), in experiment
// mode the self-labels' accuracy on the hidden human labels, the score histograms of selected and
// unselected pool pairs, the decision (admins) and a page of pairs to read.
import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useState } from 'react'
import { useTRPC } from '../../../../../../trpc.ts'
import { BarChart } from '../../../../../../_components/charts/bar-chart.tsx'
import { IntervalBar } from '../../../../../../_components/interval-bar.tsx'
import { ProgressBar } from '../../../../../../_components/progress-bar.tsx'
import { whenText } from '../../../../../../_components/format.ts'
import { batchText, SerRunBadges } from '../../../ser-badges.tsx'
import type { SerBatchDetail } from '../../../types.ts'
import { BatchDecision } from './batch-decision.tsx'

export function BatchReview({ projectId, batchId, admin }: { projectId: string; batchId: string; admin: boolean }) {
  const trpc = useTRPC()
  const [page, setPage] = useState(0)
  const [spotOnly, setSpotOnly] = useState(false)
  const q = useQuery({
    ...trpc.ser.batch.queryOptions({ batchId, page, spotCheckOnly: spotOnly }),
    refetchInterval: (s) => (s.state.data?.status === 'PROPOSED' ? 5000 : false),
  })
  if (q.error) return <div className="card"><p className="error">{q.error.message}</p></div>
  if (!q.data) return <p className="muted">Loading…</p>
  const b = q.data
  const { spotCheck, hidden } = b.agreement
  return (
    <div>
      <p className="small"><Link href={`/projects/${projectId}/self-evolution/${b.run.id}`}>← {b.run.name}</Link></p>
      <div className="card">
        <div className="row job-head">
          <h1>Round {b.round.round} batch</h1>
          <span className={`badge ${b.status === 'PROPOSED' ? 'badge-run' : b.status === 'APPROVED' ? 'badge-ok' : 'badge-err'}`} data-testid="batch-status">{batchText(b.status, b.autoApproved)}</span>
          <SerRunBadges run={b.run} />
        </div>
        <div className="grid4">
          <Stat label="self-labels" value={b.size.toLocaleString()} note={`of ${b.round.poolSize?.toLocaleString() ?? '–'} pool pairs`} />
          <Stat label="selected by" value={b.round.learningStatus ? `status ${b.round.learningStatus}` : '–'} note={Object.entries(b.byRule).map(([rule, n]) => `rule ${rule}: ${n.toLocaleString()}`).join(', ')} />
          <Stat label="spot-check" value={`${spotCheck.answered} / ${spotCheck.size}`} note={`${spotCheck.labels} human label${spotCheck.labels === 1 ? '' : 's'} so far`} />
          <Stat label="proposed" value={whenText(b.createdAt)} />
        </div>
      </div>
      <div className="grid2">
        <div className="card" data-testid="spot-check-card">
          <h3>Spot-check</h3>
          <p className="small muted">A random sample of the batch, served blind to annotators ahead of their normal queue. Agreement counts a tie as half.</p>
          <ProgressBar value={spotCheck.answered} total={spotCheck.size} label="sampled pairs answered" />
          <p className="small">Agreement with the self-labels</p>
          {spotCheck.agreement ? <IntervalBar rate={spotCheck.agreement} testId="spot-check-agreement" /> : <p className="muted small">No spot-check label yet.</p>}
          {hidden && (
            <>
              <p className="small">Experiment: self-labels against the hidden human labels of the whole batch ({hidden.pairs.toLocaleString()} pairs)</p>
              {hidden.accuracy ? <IntervalBar rate={hidden.accuracy} testId="hidden-accuracy" /> : <p className="muted small">No hidden labels.</p>}
            </>
          )}
        </div>
        <BatchDecision batch={b} admin={admin} />
      </div>
      {b.round.histogram && <Histograms h={b.round.histogram} />}
      <PairsTable b={b} spotOnly={spotOnly} setSpotOnly={(v) => { setSpotOnly(v); setPage(0) }} page={page} setPage={setPage} />
    </div>
  )
}

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return <div className="stat"><span className="v">{value}</span><span className="k">{label}{note ? ` · ${note}` : ''}</span></div>
}

function Histograms({ h }: { h: { bins: number; selected: number[]; unselected: number[] } }) {
  const bars = (counts: number[]) => counts.map((v, i) => ({ label: (i / h.bins).toFixed(2), value: v, title: `s in [${(i / h.bins).toFixed(2)}, ${((i + 1) / h.bins).toFixed(2)}): ${v.toLocaleString()} responses` }))
  return (
    <div className="grid2" data-testid="ser-histograms">
      <div className="card"><BarChart title="Selected pairs: s = σ(r) of both responses" data={bars(h.selected)} xLabel="s (bin start)" width={520} height={240} /></div>
      <div className="card"><BarChart title="Unselected pool pairs" data={bars(h.unselected)} xLabel="s (bin start)" color="#7a7f8c" width={520} height={240} /></div>
    </div>
  )
}

const CHOICE: Record<string, string> = { A: 'A', B: 'B', TIE: 'tie' }

function PairsTable({ b, spotOnly, setSpotOnly, page, setPage }: { b: SerBatchDetail; spotOnly: boolean; setSpotOnly: (v: boolean) => void; page: number; setPage: (p: number) => void }) {
  const pages = Math.max(1, Math.ceil(b.total / b.pageSize))
  return (
    <div className="card table-card">
      <div className="row">
        <h3>Pairs</h3>
        <label className="field inline check-field small"><input type="checkbox" checked={spotOnly} onChange={(e) => setSpotOnly(e.target.checked)} /> spot-check sample only</label>
        <span className="spacer" />
        <span className="small muted">page {page + 1} of {pages}</span>
        <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
        <button type="button" className="btn btn-small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</button>
      </div>
      <table className="data-table" data-testid="batch-pairs">
        <thead><tr><th>Prompt</th><th>Response A</th><th>Response B</th><th>Self-label</th><th className="num">s(A)</th><th className="num">s(B)</th><th>Spot-check</th>{b.run.experiment && <th>Hidden human</th>}</tr></thead>
        <tbody>
          {b.items.map((i) => (
            <tr key={i.id}>
              <td className="small cell-text" title={i.prompt}>{i.prompt.slice(0, 160)}</td>
              <td className="small cell-text" title={i.responseA}>{i.responseA.slice(0, 160)}</td>
              <td className="small cell-text" title={i.responseB}>{i.responseB.slice(0, 160)}</td>
              <td><strong>{i.choice}</strong> <span className="small muted">rule {i.rule}</span></td>
              <td className="num">{i.scoreA.toFixed(3)}</td>
              <td className="num">{i.scoreB.toFixed(3)}</td>
              <td className="small">{i.spotCheck ? (i.spotCheckLabels.length ? i.spotCheckLabels.map((c) => CHOICE[c]).join(', ') : 'waiting') : '–'}</td>
              {b.run.experiment && <td className="small">{i.hiddenHuman ? CHOICE[i.hiddenHuman] : '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
