'use client'
// The pair page's client: texts, labels (with judge verdicts), scores, then the gold answer and
// flags, which staff change here.
import Link from 'next/link'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../../../../trpc.ts'
import { Transcript } from '../../../../../_components/transcript.tsx'
import { num, whenText } from '../../../../../_components/format.ts'

const CHOICE_TEXT: Record<string, string> = { A: 'A', B: 'B', TIE: 'tie' }

export function PairPage({ projectId, pairId }: { projectId: string; pairId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const pair = useQuery(trpc.data.pair.queryOptions({ pairId }))
  const refresh = () => void qc.invalidateQueries(trpc.data.pair.queryFilter({ pairId }))
  const gold = useMutation(trpc.data.setGold.mutationOptions({ onSuccess: refresh }))
  const resolve = useMutation(trpc.data.resolveFlag.mutationOptions({ onSuccess: refresh }))
  if (pair.error) return <div className="card" role="alert"><p className="error">{pair.error.message}</p></div>
  const p = pair.data
  if (!p) return <p className="muted">Loading…</p>
  return (
    <div>
      <p><Link href={`/projects/${projectId}/data`}>← Back to the pairs</Link></p>
      <div className="card pair-prompt">
        <h2 style={{ marginTop: 0 }} data-testid="pair-title">Pair #{p.ordinal}</h2>
        <p className="muted small">{p.import ? `Imported from ${p.import.filename}` : 'Created in RewardLab'}{p.sourceRef ? ` · ${p.sourceRef}` : ''}</p>
        <Transcript text={p.prompt.text} />
      </div>
      <div className="pair-responses">
        {(['A', 'B'] as const).map((side) => {
          const r = side === 'A' ? p.responseA : p.responseB
          return (
            <div className="card" key={side} data-testid={`response-${side}`}>
              <h3 style={{ marginTop: 0 }}>Response {side}{r.model ? <span className="muted small"> · {r.model}</span> : null}</h3>
              <pre>{r.text}</pre>
            </div>
          )
        })}
      </div>
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Labels ({p.labels.length})</h3>
        <table className="data-table" data-testid="pair-labels">
          <thead><tr><th>Source</th><th>Rater</th><th>Choice</th><th className="num">Confidence</th><th className="num">P(A)</th><th>Rationale</th><th>When</th></tr></thead>
          <tbody>
            {p.labels.map((l) => (
              <tr key={l.id}>
                <td><span className="badge">{l.source.toLowerCase()}</span></td>
                <td>{l.rater}</td>
                <td>{CHOICE_TEXT[l.choice]}</td>
                <td className="num">{l.confidence ?? '–'}</td>
                <td className="num">{num(l.probability, 2)}{l.verdict ? <div className="muted small">A first {num(l.verdict.p1AB, 2)} · B first {num(l.verdict.p1BA, 2)}{l.verdict.hard ? ' · parsed' : ''}</div> : null}</td>
                <td className="small">{l.rationale ?? <span className="muted">–</span>}</td>
                <td className="nowrap small">{whenText(l.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Reward-model scores</h3>
        {p.scores.length === 0 ? <p className="muted">No reward model has scored this pair.</p> : (
          <table className="data-table"><thead><tr><th>Model</th><th className="num">Score A</th><th className="num">Score B</th><th className="num">Margin</th></tr></thead>
            <tbody>{p.scores.map((s) => <tr key={s.rewardModel.id}><td><Link href={`/projects/${projectId}/reward-models/${s.rewardModel.id}`}>{s.rewardModel.name}</Link></td><td className="num">{num(s.scoreA)}</td><td className="num">{num(s.scoreB)}</td><td className="num">{num(s.margin)}</td></tr>)}</tbody>
          </table>
        )}
      </div>
      <div className="grid2">
        <div className="card">
          <h3 style={{ marginTop: 0 }}>Gold answer</h3>
          <p data-testid="gold-status">{p.goldChoice ? <>Gold: <strong>{CHOICE_TEXT[p.goldChoice]}</strong> <span className="muted small">({p.goldSetBy?.name ?? 'someone'}, {p.goldSetAt ? whenText(p.goldSetAt) : ''})</span></> : 'Not a gold pair.'}</p>
          <div className="row">
            {(['A', 'B', 'TIE'] as const).map((c) => <button key={c} type="button" className="btn btn-small" disabled={gold.isPending || p.goldChoice === c} onClick={() => gold.mutate({ pairId, choice: c })}>Gold: {CHOICE_TEXT[c]}</button>)}
            {p.goldChoice && <button type="button" className="btn btn-small btn-danger" disabled={gold.isPending} onClick={() => gold.mutate({ pairId, choice: null })}>Clear gold</button>}
          </div>
          {gold.error && <p className="error" role="alert">{gold.error.message}</p>}
        </div>
        <div className="card">
          <h3 style={{ marginTop: 0 }}>Flags</h3>
          {p.flags.length === 0 ? <p className="muted">Nobody flagged this pair.</p> : p.flags.map((f) => (
            <div key={f.id} className="row small" data-testid="pair-flag">
              <span>{f.reason} <span className="muted">({f.user.name}, {whenText(f.createdAt)})</span></span>
              {f.resolvedAt ? <span className="badge badge-ok">resolved by {f.resolvedBy?.name ?? 'someone'}</span>
                : <button type="button" className="btn btn-small" onClick={() => resolve.mutate({ flagId: f.id })}>Resolve</button>}
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}
