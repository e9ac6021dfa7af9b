// The pairs where the judge and the human majority differ, to read: one collapsed line each (who
// said what, P(A), the start of the prompt); opened, the prompt as a transcript, both responses, the
// human votes and the judge's rationale.
import { Markdown } from '../../../../_components/markdown.tsx'
import { Transcript } from '../../../../_components/transcript.tsx'
import type { Dashboard } from '../types.ts'

type Disagreement = Dashboard['disagreements'][number]
const NAMES: Record<string, string> = { A: 'A', B: 'B', TIE: 'Tie' }

function firstLine(text: string): string {
  const line = text.replace(/^\s*(Human|User):\s*/, '').split('\n').find((l) => l.trim()) ?? ''
  return line.length > 110 ? `${line.slice(0, 110)}…` : line
}

function votesText(votes: string[]): string {
  const counts = new Map<string, number>()
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].map(([v, n]) => `${n} × ${NAMES[v] ?? v}`).join(', ')
}

export function Disagreements({ d }: { d: Dashboard }) {
  const list = d.disagreements
  const total = d.alignment.n - d.alignment.agree
  return (
    <div className="card" data-testid="disagreements">
      <h2>Disagreements <span className="badge">{total.toLocaleString()}</span></h2>
      <p className="small muted">
        Answered pairs where the judge’s label differs from the human majority{total > list.length ? `; the first ${list.length} are shown` : ''}.
        Open one to read the pair, the human votes and the judge’s reasoning.
      </p>
      {list.length === 0 ? <p className="muted">None: the judge agrees with the human majority on every answered pair.</p> : (
        <div className="judge-disagreements">
          {list.map((x) => <Item key={x.pairId} x={x} />)}
        </div>
      )}
    </div>
  )
}

function Item({ x }: { x: Disagreement }) {
  return (
    <details className="judge-disagreement" data-testid="disagreement">
      <summary>
        <span className="judge-verdicts">
          <span>humans <strong>{NAMES[x.human]}</strong></span>
          <span>judge <strong>{NAMES[x.ai]}</strong></span>
          {x.pA !== null && <span className="muted">P(A) {x.pA.toFixed(2)}</span>}
        </span>
        <span className="judge-snippet">{firstLine(x.prompt)}</span>
      </summary>
      <div className="judge-disagreement-body">
        <Transcript text={x.prompt} />
        <div className="responses judge-responses">
          {(['A', 'B'] as const).map((side) => (
            <section key={side} className={`response response-${side.toLowerCase()}`} aria-label={`Response ${side}`}>
              <div className="response-head">
                <span className={`side-badge side-${side.toLowerCase()}`}>{side}</span>
                <span className="muted small">Response {side}</span>
                {x.human === side && <span className="picked-mark">humans</span>}
                {x.ai === side && <span className="picked-mark tie">judge</span>}
              </div>
              <div className="response-body"><Markdown text={side === 'A' ? x.responseA : x.responseB} /></div>
            </section>
          ))}
        </div>
        <dl className="settings-list judge-counters">
          <div><dt>human votes</dt><dd>{votesText(x.humanVotes)}</dd></div>
          <div><dt>majority</dt><dd>{NAMES[x.human]}</dd></div>
          <div><dt>judge</dt><dd>{NAMES[x.ai]}</dd></div>
          <div><dt>P(A)</dt><dd>{x.pA === null ? 'none (hard label)' : x.pA.toFixed(3)}</dd></div>
        </dl>
        {x.rationale ? (
          <div className="judge-rationale"><div className="small muted">Judge’s rationale</div><Markdown text={x.rationale} /></div>
        ) : <p className="small muted">No rationale (chain of thought was off).</p>}
      </div>
    </details>
  )
}
