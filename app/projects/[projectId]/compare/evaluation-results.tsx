'use client'
// One policy evaluation's results: the win-rate matrix per verdict source (row policy over column
// policy, ties as half, 95% interval and tie rate), each policy's harmless rate, length and held-out
// score, the judge's position bias, and the completions side by side with their verdicts.
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { num, pct } from '../../../_components/format.ts'
import { IntervalBar } from '../../../_components/interval-bar.tsx'
import { reverseWinRate } from '@/server/lib/policy-eval-stats.ts'
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'

type Eval = inferRouterOutputs<AppRouter>['evaluations']['get']
type Cell = NonNullable<Eval['summary']>['matrix'][number]
const SOURCES = [['JUDGE', 'AI judge (both orders)'], ['REWARD_MODEL', 'Held-out reward model']] as const

/** Row over column: the stored cell, or the reverse one seen from the other side (the server's rule). */
function rowOverColumn(matrix: Cell[], source: string, row: string, col: string) {
  const direct = matrix.find((c) => c.source === source && c.policyAId === row && c.policyBId === col)
  if (direct) return direct
  const rev = matrix.find((c) => c.source === source && c.policyAId === col && c.policyBId === row)
  return rev ? { ...rev, ...reverseWinRate(rev) } : null
}

function Matrix({ ev, source, title }: { ev: Eval; source: string; title: string }) {
  const matrix = ev.summary?.matrix ?? []
  if (!matrix.some((c) => c.source === source)) return null
  return (
    <div className="card" data-testid={`win-matrix-${source}`}>
      <h3>{title}</h3>
      <p className="small muted">Win rate of the row over the column, ties counted half, with its 95% interval; then the share of ties.</p>
      <table className="table win-matrix">
        <thead><tr><th>row beats column</th>{ev.policies.map((p) => <th key={p.id}>{p.name}</th>)}</tr></thead>
        <tbody>
          {ev.policies.map((row) => (
            <tr key={row.id}>
              <th>{row.name}</th>
              {ev.policies.map((col) => {
                const c = row.id === col.id ? null : rowOverColumn(matrix, source, row.id, col.id)
                return <td key={col.id}>{c ? <><IntervalBar rate={{ value: c.winRate, low: c.low, high: c.high }} /><div className="small muted">{c.n} prompts · ties {pct(c.tieRate, 0)}{source === 'JUDGE' && c.orderTies ? ` (${c.orderTies} from order)` : ''}</div></> : <span className="muted">–</span>}</td>
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function PolicyTable({ ev }: { ev: Eval }) {
  const figures = ev.summary?.policies ?? []
  const name = new Map(ev.policies.map((p) => [p.id, p.name]))
  return (
    <table className="table" data-testid="eval-policy-table">
      <thead><tr><th>Policy</th><th>Harmless rate</th><th>Mean length (tokens)</th><th>Ended with EOS</th><th>Held-out RM score</th></tr></thead>
      <tbody>
        {figures.map((f) => (
          <tr key={f.policyId}>
            <td>{name.get(f.policyId)}</td>
            <td>{f.harmless ? <IntervalBar rate={{ value: f.harmless.rate, low: f.harmless.low, high: f.harmless.high }} /> : <span className="muted">not asked</span>}</td>
            <td>{num(f.meanTokens, 1)} <span className="muted small">({num(f.meanChars, 0)} chars)</span></td>
            <td>{pct(f.eosRate, 0)}</td>
            <td>{num(f.meanRmScore)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const outcomeText = (o: string, a: string, b: string) => (o === 'A' ? `${a} wins` : o === 'B' ? `${b} wins` : 'tie')

function SideBySide({ evalId, policies }: { evalId: string; policies: Eval['policies'] }) {
  const trpc = useTRPC()
  const [offset, setOffset] = useState(0)
  const page = useQuery(trpc.evaluations.get.queryOptions({ evalId, offset, limit: 5 }))
  const rows = page.data?.prompts.rows ?? []
  const name = new Map(policies.map((p) => [p.id, p.name]))
  return (
    <div className="card" data-testid="eval-samples">
      <h3>Evaluation completions side by side</h3>
      <table className="table samples-table win-matrix">
        <thead><tr><th>Prompt</th>{policies.map((p) => <th key={p.id}>{p.name}</th>)}<th>Verdicts</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.promptId}>
              <td className="pre small">{r.prompt.slice(-400)}</td>
              {policies.map((p) => {
                const s = r.samples.find((x) => x.policyId === p.id)
                return <td key={p.id} className="pre small">{s ? <>{s.completion || <em className="muted">(empty)</em>}<div className="muted">{s.tokens} tokens{s.eos ? '' : ', cut off'}{s.rmScore !== null ? ` · RM ${num(s.rmScore)}` : ''}{s.harmful === true ? ' · harmful' : s.harmful === false ? ' · harmless' : ''}</div></> : '–'}</td>
              })}
              <td className="small">{r.verdicts.map((v) => <div key={`${v.source}${v.policyAId}${v.policyBId}`}>{v.source === 'JUDGE' ? 'judge' : 'RM'}: {outcomeText(v.outcome, name.get(v.policyAId) ?? '', name.get(v.policyBId) ?? '')}{v.orderTie ? ' (orders disagreed)' : ''}</div>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 5))}>Previous</button>
        <span className="small muted">prompts {page.data?.prompts.total ? `${offset + 1}–${Math.min(offset + 5, page.data.prompts.total)} of ${page.data.prompts.total}` : '–'}</span>
        <button className="btn" disabled={!page.data || offset + 5 >= page.data.prompts.total} onClick={() => setOffset(offset + 5)}>Next</button>
      </div>
    </div>
  )
}

export function EvaluationResults({ ev }: { ev: Eval }) {
  const bias = ev.summary?.judge
  return (
    <div className="stack" data-testid="eval-results">
      <p className="small muted">
        {ev.judge ? <>Judge <strong>{ev.judge.name}</strong>; </> : null}{ev.rewardModel ? <>held-out RM <strong>{ev.rewardModel.name}</strong>; </> : null}
        {ev.harmJudge ? <>harm judge <strong>{ev.harmJudge.name}</strong>; </> : null}
        {ev.judgeRequests} judge requests, ${ev.judgeCostUsd.toFixed(4)}.
        {bias ? <> Position bias: the judge chose the response shown first in {pct(bias.firstPositionRate)} of its decided orders (50% = none); the orders disagreed on {pct(bias.orderDisagreement)} of {bias.comparisons} comparisons.</> : null}
        {ev.summary?.heldOutSharedLabels ? <span className="warn"> The held-out RM shares {ev.summary.heldOutSharedLabels} training labels with the compared runs&apos; reward models.</span> : null}
      </p>
      {SOURCES.map(([s, t]) => <Matrix key={s} ev={ev} source={s} title={t} />)}
      <PolicyTable ev={ev} />
      <SideBySide evalId={ev.id} policies={ev.policies} />
    </div>
  )
}
