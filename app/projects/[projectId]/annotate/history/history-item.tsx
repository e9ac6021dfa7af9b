'use client'
// One label in the History list: the pair (prompt and both responses, folded), the answer given,
// and the revise and flag forms.
import { useState } from 'react'

type Choice = 'A' | 'B' | 'TIE'
type Label = { id: string; choice: Choice; confidence: number | null; rationale: string | null; pair: { id: string; prompt: string; responseA: string; responseB: string } }
type Props = {
  label: Label; when: string; canRevise: boolean; busy: boolean
  onRevise: (v: { choice: Choice; confidence: number | null; rationale: string | null }) => void
  onFlag: (reason: string) => void
}
const TEXT: Record<Choice, string> = { A: 'A is better', B: 'B is better', TIE: 'Tie' }

export function HistoryItem({ label, when, canRevise, busy, onRevise, onFlag }: Props) {
  const [mode, setMode] = useState<'view' | 'revise' | 'flag'>('view')
  const [choice, setChoice] = useState<Choice>(label.choice)
  const [confidence, setConfidence] = useState(label.confidence ? String(label.confidence) : '')
  const [rationale, setRationale] = useState(label.rationale ?? '')
  const [reason, setReason] = useState('')
  return (
    <div className="card side-card" data-testid="history-item">
      <details>
        <summary><strong>{label.pair.prompt.slice(0, 140)}</strong></summary>
        <div className="pair-responses"><div><h4>A</h4><pre>{label.pair.responseA}</pre></div><div><h4>B</h4><pre>{label.pair.responseB}</pre></div></div>
      </details>
      <p className="row small">
        <span data-testid="history-choice">{TEXT[label.choice]}</span>
        <span className="muted">confidence {label.confidence ?? '–'} · {when}</span>
        {label.rationale && <span className="muted">“{label.rationale}”</span>}
        <span className="spacer" />
        {canRevise && <button type="button" className="btn btn-small" onClick={() => setMode(mode === 'revise' ? 'view' : 'revise')}>Revise</button>}
        <button type="button" className="btn btn-small" onClick={() => setMode(mode === 'flag' ? 'view' : 'flag')}>Flag</button>
      </p>
      {mode === 'revise' && (
        <form className="row" aria-label="Revise label" onSubmit={(e) => { e.preventDefault(); onRevise({ choice, confidence: confidence ? Number(confidence) : null, rationale: rationale || null }) }}>
          {(['A', 'B', 'TIE'] as const).map((c) => <label key={c} className="field inline check-field"><input type="radio" name={`choice-${label.id}`} checked={choice === c} onChange={() => setChoice(c)} /> {TEXT[c]}</label>)}
          <label className="field inline">Confidence
            <select value={confidence} onChange={(e) => setConfidence(e.target.value)}><option value="">–</option>{[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n}</option>)}</select>
          </label>
          <input aria-label="Rationale" placeholder="rationale (optional)" value={rationale} onChange={(e) => setRationale(e.target.value)} maxLength={5000} />
          <button className="btn btn-small btn-primary" disabled={busy}>Save revision</button>
        </form>
      )}
      {mode === 'flag' && (
        <form className="row" aria-label="Flag pair" onSubmit={(e) => { e.preventDefault(); onFlag(reason); setMode('view'); setReason('') }}>
          <input aria-label="Reason" placeholder="what is wrong with this pair?" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} style={{ flex: 1 }} />
          <button className="btn btn-small" disabled={busy}>Send flag</button>
        </form>
      )}
    </div>
  )
}
