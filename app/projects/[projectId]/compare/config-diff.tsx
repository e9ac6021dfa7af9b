'use client'
// The picked runs' settings side by side: the keys whose values differ first, highlighted; the equal
// ones folded away. A trainer setting a run did not change shows the trainer's default, marked.
import type { Comparison } from './types.ts'

type Row = Comparison['config'][number]

const show = (v: Row['values'][number]) => (v === undefined || v === null ? <span className="muted">–</span> : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v))

function Rows({ rows, differ }: { rows: Row[]; differ: boolean }) {
  return rows.map((row) => (
    <tr key={row.key} className={differ ? 'compare-differs' : undefined} data-testid="config-row" data-key={row.key} data-differs={row.differs}>
      <th scope="row"><code>{row.key}</code></th>
      {row.values.map((v, i) => (
        <td key={i}>{show(v)}{row.defaulted[i] && <span className="muted small" title="not set by this run: the trainer's default"> (default)</span>}</td>
      ))}
    </tr>
  ))
}

export function ConfigDiff({ comparison }: { comparison: Comparison }) {
  const differing = comparison.config.filter((r) => r.differs)
  const equal = comparison.config.filter((r) => !r.differs)
  const head = (
    <thead><tr><th>Setting</th>{comparison.runs.map((r) => <th key={r.id}>{r.name}</th>)}</tr></thead>
  )
  return (
    <div className="card" data-testid="config-diff">
      <h2>Configuration</h2>
      <p className="muted small">{differing.length} setting{differing.length === 1 ? '' : 's'} differ{differing.length === 1 ? 's' : ''}, {equal.length} {equal.length === 1 ? 'is' : 'are'} the same.</p>
      {differing.length > 0 && (
        <table className="data-table compare-config" aria-label="Settings that differ">{head}<tbody><Rows rows={differing} differ /></tbody></table>
      )}
      {equal.length > 0 && (
        <details className="compare-equal">
          <summary>{equal.length} equal setting{equal.length === 1 ? '' : 's'}</summary>
          <table className="data-table compare-config" aria-label="Settings that are the same">{head}<tbody><Rows rows={equal} differ={false} /></tbody></table>
        </details>
      )}
    </div>
  )
}
