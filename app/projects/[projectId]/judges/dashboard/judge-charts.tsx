// The dashboard's charts, each on the answered pairs: the confusion matrix (human majority × judge),
// position bias (needs both orders), calibration of the soft labels (reliability curve, Brier, ECE),
// alignment per subset (the file a pair came from) and the cost per label.
import { BarChart } from '../../../../_components/charts/bar-chart.tsx'
import { HorizontalBars } from '../../../../_components/charts/horizontal-bars.tsx'
import { LineChart } from '../../../../_components/charts/line-chart.tsx'
import { ConfusionHeatmap } from '../../agreement/confusion-heatmap.tsx'
import { formatShare } from '../../agreement/readings.ts'
import { usd, type Dashboard } from '../types.ts'

const share = (v: number) => formatShare(v, 0)

export function ConfusionCard({ d }: { d: Dashboard }) {
  return (
    <div className="card" data-testid="confusion">
      <h2>Confusion matrix</h2>
      <div className="chart-scroll">
        <ConfusionHeatmap name={d.name} categories={d.categories} confusion={d.confusion} colTitle="judge says" />
      </div>
      <p className="muted small">Rows are the human majority, columns the judge, over the {d.alignment.n.toLocaleString()} answered pairs; the diagonal agrees.</p>
    </div>
  )
}

export function PositionBiasCard({ d }: { d: Dashboard }) {
  const b = d.positionBias
  return (
    <div className="card" data-testid="position-bias">
      <h2>Position bias</h2>
      {b.pairs === 0 ? (
        <p className="muted" data-testid="needs-order-swap">
          <strong>Needs order swap.</strong> No answered pair was judged in both orders (A shown first, then B first), so the bias cannot be
          measured. Turn on “Order swap” in the judge’s settings.{b.calls > 0 && b.meanP1 !== null ? ` Mean P(“1”) over ${b.calls.toLocaleString()} calls: ${b.meanP1.toFixed(3)}.` : ''}
        </p>
      ) : (
        <>
          <HorizontalBars title="Position bias" width={460} max={1} format={share} rows={[
            { label: 'same response', value: b.consistentRate, note: 'consistent', color: '#157f3b' },
            { label: 'same position', value: b.samePositionRate, note: 'biased', color: '#d9480f' },
          ]} />
          <dl className="settings-list judge-counters">
            <div><dt>pairs in both orders</dt><dd data-testid="bias-pairs">{b.pairs.toLocaleString()}</dd></div>
            <div><dt>mean P(“1”)</dt><dd>{b.meanP1 === null ? '–' : b.meanP1.toFixed(3)}</dd></div>
          </dl>
          <p className="small muted">
            Each pair is judged with A shown first and with B shown first. <em>Same response</em>: it preferred the same response both
            times; <em>same position</em>: it preferred whatever came first (or second) both times, which is bias. Mean P(“1”) over
            {' '}{b.calls.toLocaleString()} calls is 0.5 for a judge with no preference for the first position.
          </p>
        </>
      )}
    </div>
  )
}

export function CalibrationCard({ d }: { d: Dashboard }) {
  const c = d.calibration
  if (c.n === 0) {
    return (
      <div className="card" data-testid="calibration">
        <h2>Calibration</h2>
        <p className="muted" data-testid="no-soft-labels">
          {d.softLabels === 0
            ? 'No soft labels: this rater gave hard labels only, with no probability P(A), so its confidence cannot be checked.'
            : 'No answered pair with a human majority of A or B carries a probability, so there is nothing to calibrate against.'}
        </p>
      </div>
    )
  }
  const filled = c.bins.filter((b) => b.meanConfidence !== null && b.accuracy !== null)
  return (
    <div className="card" data-testid="calibration">
      <h2>Calibration</h2>
      <LineChart title="Reliability: mean confidence against accuracy" width={460} height={240} yDomain={[0, 1]}
        xLabel="confidence max(P(A), 1 − P(A))" yLabel="accuracy" xFormat={(v) => v.toFixed(2)} yFormat={share}
        series={[
          { name: 'this judge', points: filled.map((b) => ({ x: b.meanConfidence!, y: b.accuracy! })) },
          { name: 'perfectly calibrated', points: [{ x: 0.5, y: 0.5 }, { x: 1, y: 1 }], dashed: true, color: '#98a2b3' },
        ]} />
      <dl className="settings-list judge-counters">
        <div><dt>Brier</dt><dd data-testid="brier">{c.brier === null ? '–' : c.brier.toFixed(3)}</dd></div>
        <div><dt>ECE</dt><dd data-testid="ece">{c.ece === null ? '–' : c.ece.toFixed(3)}</dd></div>
        <div><dt>pairs</dt><dd>{c.n.toLocaleString()}</dd></div>
      </dl>
      <BarChart title="Pairs per confidence bin" height={150} width={460}
        data={c.bins.map((b) => ({ label: `${b.lo.toFixed(2)}`, value: b.n, title: `confidence ${b.lo.toFixed(2)}–${b.hi.toFixed(2)}: ${b.n} pairs` }))} />
      <p className="small muted">
        On answered pairs whose human majority is A or B, in ten bins of the judge’s confidence. A calibrated judge sits on the dashed
        line: 80% confident, right 80% of the time. Brier = mean (P(A) − y)²; ECE = the bins’ gap between confidence and accuracy,
        weighted by their pairs. Lower is better for both.
      </p>
    </div>
  )
}

export function SubsetsCard({ d }: { d: Dashboard }) {
  return (
    <div className="card" data-testid="subsets">
      <h2>Alignment by subset</h2>
      {d.bySubset.length === 0 ? <p className="muted">No answered pairs with a human majority.</p> : (
        <HorizontalBars title="Alignment by subset" width={460} max={1} format={share}
          rows={d.bySubset.map((s) => ({ label: s.subset, value: s.rate, note: `${s.agree.toLocaleString()} / ${s.n.toLocaleString()}` }))} />
      )}
      <p className="small muted">A subset is the file a pair was imported from; on answered pairs, three-way.</p>
    </div>
  )
}

export function CostCard({ d }: { d: Dashboard }) {
  return (
    <div className="card" data-testid="cost">
      <h2>Cost</h2>
      {d.cost.labels === 0 ? <p className="muted">No cost recorded: these labels were imported, or made before prices were set.</p> : (
        <dl className="settings-list judge-counters">
          <div><dt>total</dt><dd data-testid="cost-total">{usd(d.cost.totalUsd)}</dd></div>
          <div><dt>per label</dt><dd>{usd(d.cost.perLabelUsd)}</dd></div>
          <div><dt>labels priced</dt><dd>{d.cost.labels.toLocaleString()}</dd></div>
        </dl>
      )}
      <p className="small muted">From the tokens each label took and the judge’s prices per 1k tokens; $0 for a free (local) endpoint.</p>
    </div>
  )
}
