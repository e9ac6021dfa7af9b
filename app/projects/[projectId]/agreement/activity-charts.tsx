// How much the annotators agree pair by pair (item-agreement histogram) and how labelling went
// over the last 30 days (labels per day, one line per label source).
import { BarChart } from '../../../_components/charts/bar-chart.tsx'
import { LineChart } from '../../../_components/charts/line-chart.tsx'
import { CHOICE_COLORS, PALETTE } from '../../../_components/charts/axis.tsx'
import { shortDay } from './readings.ts'
import { SOURCE_LABELS, type Agreement } from './types.ts'

const SOURCE_COLORS = { HUMAN: PALETTE[0], AI: PALETTE[1], SELF: PALETTE[2] } as const
const SOURCE_ORDER = ['HUMAN', 'AI', 'SELF'] as const

export function ItemAgreementChart({ data }: { data: Agreement }) {
  const bars = data.itemAgreement.map((b) => ({
    label: `${Math.round(b.share * 100)}%`,
    value: b.pairs,
    color: b.share === 1 ? CHOICE_COLORS.A : b.share > 0.5 ? '#6f93e6' : '#b7c4e6',
    title: `${b.pairs.toLocaleString()} pairs where ${Math.round(b.share * 100)}% of the labels match the pair’s most common label`,
  }))
  return (
    <div className="card" data-testid="item-agreement">
      <h2>Agreement per pair</h2>
      {bars.length === 0 ? (
        <p className="muted">Needs at least two annotators on the same pairs.</p>
      ) : (
        <>
          <p className="muted small">Pairs with ≥ 2 labels, by the share of labels matching the pair’s most common label: 100% is unanimous, 67% two of three.</p>
          <BarChart title="Pairs by share of labels agreeing with the pair's plurality" data={bars} xLabel="labels agreeing with the pair’s most common label" yLabel="pairs" />
        </>
      )}
    </div>
  )
}

export function LabelsPerDayChart({ data }: { data: Agreement }) {
  const { days } = data.labelsPerDay
  const series = [...data.labelsPerDay.series].sort((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source))
  const total = series.reduce((s, x) => s + x.counts.reduce((a, b) => a + b, 0), 0)
  return (
    <div className="card" data-testid="labels-per-day">
      <h2>Labels per day</h2>
      {total === 0 ? (
        <p className="muted">No labels in the last 30 days.</p>
      ) : (
        <>
          <p className="muted small">Last 30 days (UTC). Imported labels count on the day of the import.</p>
          <LineChart
            title="Labels per day over the last 30 days"
            series={series.map((s) => ({ name: SOURCE_LABELS[s.source], color: SOURCE_COLORS[s.source], points: s.counts.map((y, x) => ({ x, y })) }))}
            xFormat={(i) => shortDay(days[Math.round(i)] ?? days[0])}
            integerX integerY area dots="nonzero" yLabel="labels"
          />
        </>
      )}
    </div>
  )
}
