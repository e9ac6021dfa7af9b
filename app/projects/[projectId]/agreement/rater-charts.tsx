// Per-annotator views: Cohen's κ for every pair of annotators (heatmap), each annotator against the
// majority of the others (bars), A/B/Tie shares per annotator (stacked bars: position bias shows
// as A ≠ B), and the exact numbers in a table.
import { HeatmapMatrix, type HeatCell } from '../../../_components/charts/heatmap.tsx'
import { HorizontalBars } from '../../../_components/charts/horizontal-bars.tsx'
import { StackedBars } from '../../../_components/charts/stacked-bars.tsx'
import { CHOICE_COLORS } from '../../../_components/charts/axis.tsx'
import { fixed2, formatSeconds, formatShare, kappaReading } from './readings.ts'
import { CHOICE_KEYS, type Agreement } from './types.ts'

/** More raters than this make the heatmap unreadable; the busiest ones are shown. */
const MAX_HEATMAP_RATERS = 20

const KIND_LABELS = { user: 'RewardLab', ext: 'dataset', judge: 'AI judge', other: 'other' } as const

function cohenCells(data: Agreement, keys: string[], names: string[]): HeatCell[][] {
  const byPair = new Map(data.pairwise.map((p) => [`${p.raterX}\n${p.raterY}`, p]))
  const labels = new Map(data.raters.map((r) => [r.raterKey, r.labels]))
  return keys.map((x, i) => keys.map((y, j) => {
    if (i === j) return { value: null, text: '', title: `${names[i]}: ${labels.get(x)?.toLocaleString() ?? 0} labels` }
    const p = byPair.get(x < y ? `${x}\n${y}` : `${y}\n${x}`)
    const who = `${names[i]} × ${names[j]}`
    if (!p) return { value: null, text: '–', title: `${who}: fewer than ${data.minOverlap} shared pairs` }
    if (p.kappa === null) return { value: null, text: 'n/a', title: `${who}: κ undefined over ${p.n} shared pairs (one label used throughout)` }
    return {
      value: p.kappa,
      title: `${who}: κ ${p.kappa.toFixed(3)} (${kappaReading(p.kappa).band}) over ${p.n.toLocaleString()} shared pairs; observed agreement ${formatShare(p.observed)}, chance ${formatShare(p.expected)}`,
    }
  }))
}

export function CohenHeatmap({ data }: { data: Agreement }) {
  const inPairs = new Set(data.pairwise.flatMap((p) => [p.raterX, p.raterY]))
  const raters = data.raters.filter((r) => inPairs.has(r.raterKey))
  const shown = raters.slice(0, MAX_HEATMAP_RATERS)
  const keys = shown.map((r) => r.raterKey)
  const names = shown.map((r) => r.name)
  const cellSize = shown.length <= 4 ? 84 : shown.length <= 8 ? 62 : 44
  return (
    <div className="card" data-testid="cohen-heatmap">
      <h2>Cohen’s κ per annotator pair</h2>
      {shown.length < 2 ? (
        <p className="muted" data-testid="heatmap-empty">
          Needs at least two annotators on the same pairs (at least {data.minOverlap} shared pairs per annotator pair).
        </p>
      ) : (
        <>
          <p className="muted small">Agreement of two annotators beyond chance, over the pairs both labelled. Hover a cell for the number of shared pairs. Blue is agreement, red less than chance.</p>
          <div className="agreement-heatmap-row">
            <div className="chart-scroll">
              <HeatmapMatrix title="Cohen's kappa per annotator pair" rowLabels={names} colLabels={names} cells={cohenCells(data, keys, names)}
                domain={[-1, 1]} format={fixed2} cellSize={cellSize} keyLabels={['disagree', 'agree']} />
            </div>
            <WeakestPairs data={data} />
          </div>
          {raters.length > shown.length && <p className="muted small">Showing the {shown.length} annotators with the most labels of {raters.length}.</p>}
        </>
      )}
    </div>
  )
}

/** The annotator pairs that agree least: where to look first (guidelines, training, a careless rater). */
function WeakestPairs({ data }: { data: Agreement }) {
  const rows = data.pairwise.filter((p) => p.kappa !== null).sort((a, b) => a.kappa! - b.kappa!).slice(0, 8)
  return (
    <div className="agreement-weakest">
      <h3>Lowest agreement first</h3>
      <table className="small">
        <thead><tr><th>Annotators</th><th className="num">κ</th><th className="num">Shared</th></tr></thead>
        <tbody>
          {rows.map((p) => (
            <tr key={`${p.raterX}\n${p.raterY}`}>
              <td>{p.nameX} × {p.nameY}</td>
              <td className="num" title={kappaReading(p.kappa).band}>{fixed2(p.kappa!)} <span className="muted">{kappaReading(p.kappa).band}</span></td>
              <td className="num">{p.n.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function MajorityBars({ data }: { data: Agreement }) {
  const rows = data.raters.map((r) => ({
    label: r.name,
    value: r.majority.rate,
    note: r.majority.rate === null ? 'no overlap with others' : `n = ${r.majority.n.toLocaleString()}`,
    title: r.majority.rate === null
      ? `${r.name}: no pair where the other annotators have a clear majority`
      : `${r.name}: agrees with the others' majority on ${r.majority.agree.toLocaleString()} of ${r.majority.n.toLocaleString()} pairs (${formatShare(r.majority.rate)})`,
  }))
  // Pooled over annotators (Σ agree / Σ n): the line a single annotator is compared with.
  const n = data.raters.reduce((s, r) => s + r.majority.n, 0)
  const pooled = n > 0 ? data.raters.reduce((s, r) => s + r.majority.agree, 0) / n : null
  return (
    <div className="card" data-testid="majority-bars">
      <h2>Agreement with the majority</h2>
      <p className="muted small">Per annotator: how often their label equals the majority of the <em>other</em> annotators of the pair; n counts pairs where the others have a clear majority.</p>
      <HorizontalBars title="Agreement with the majority of the other annotators" rows={rows} max={1} format={(v) => formatShare(v, 0)} xLabel="share of pairs agreeing with the others’ majority"
        reference={pooled === null ? undefined : { value: pooled, label: 'All annotators pooled' }} />
      {pooled !== null && <p className="muted small">Dashed line: all annotators pooled ({formatShare(pooled)}).</p>}
    </div>
  )
}

export function LabelShares({ data }: { data: Agreement }) {
  const rows = [
    { label: 'All labels', counts: data.distribution.counts, note: `${data.overall.ratings.toLocaleString()}` },
    ...data.raters.map((r) => ({ label: r.name, counts: r.distribution.counts, note: `${r.labels.toLocaleString()}` })),
  ]
  return (
    <div className="card" data-testid="label-shares">
      <h2>Label shares</h2>
      <p className="muted small">A against B far from even hints at position bias (A/B order is random per pair); many ties, at indecision. Numbers at the end: labels.</p>
      <StackedBars title="A, B and tie shares per annotator" rows={rows}
        keys={CHOICE_KEYS.map((k) => ({ key: k.key, label: k.label, color: CHOICE_COLORS[k.key] }))} />
    </div>
  )
}

export function RaterTable({ data }: { data: Agreement }) {
  return (
    <div className="card">
      <h2>{data.source === 'AI' ? 'Judges' : 'Annotators'}</h2>
      <table data-testid="rater-table">
        <thead>
          <tr>
            <th>Annotator</th><th>Kind</th><th className="num">Labels</th><th className="num">vs majority</th><th className="num">n</th>
            <th className="num">A</th><th className="num">B</th><th className="num">Tie</th><th className="num" title="Median time between consecutive labels, breaks over 30 min left out">Pace</th>
          </tr>
        </thead>
        <tbody>
          {data.raters.map((r) => (
            <tr key={r.raterKey}>
              <td>{r.name}</td>
              <td><span className="badge">{KIND_LABELS[r.kind]}</span></td>
              <td className="num">{r.labels.toLocaleString()}</td>
              <td className="num">{formatShare(r.majority.rate)}</td>
              <td className="num">{r.majority.n.toLocaleString()}</td>
              <td className="num">{formatShare(r.distribution.shares?.A ?? null, 0)}</td>
              <td className="num">{formatShare(r.distribution.shares?.B ?? null, 0)}</td>
              <td className="num">{formatShare(r.distribution.shares?.TIE ?? null, 0)}</td>
              <td className="num">{formatSeconds(r.medianSecondsBetweenLabels)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
