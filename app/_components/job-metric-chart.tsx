// A line chart of some of a job's metric series against the step, e.g. train/loss and eval/loss,
// with a placeholder while the job has not logged any point of them yet.
import { formatNumber } from './charts/axis.tsx'
import { LineChart, type LineSeries } from './charts/line-chart.tsx'
import type { MetricPoint } from './job-progress.tsx'

export type MetricLine = { name: string; label: string; color?: string; dashed?: boolean }

type Props = {
  title: string
  series: Record<string, MetricPoint[]>
  lines: MetricLine[]
  yLabel?: string
  yDomain?: [number, number]
  yFormat?: (v: number) => string
  width?: number
  height?: number
  testId?: string
}

/** Tick labels with enough decimals to tell the ticks apart (a loss moving within 0.691–0.693). */
export function adaptiveFormat(values: number[]): (v: number) => string {
  const finite = values.filter(Number.isFinite)
  const range = finite.length ? Math.max(...finite) - Math.min(...finite) : 0
  const digits = range > 0 ? Math.min(6, Math.max(2, Math.ceil(-Math.log10(range / 4)))) : 2
  return (v) => (Math.abs(v) >= 1000 ? formatNumber(v) : Math.abs(v) > 0 && Math.abs(v) < 1e-3 && digits <= 3 ? v.toExponential(1) : v.toFixed(digits))
}

export function JobMetricChart({ title, series, lines, yLabel, yDomain, yFormat, width = 560, height = 260, testId }: Props) {
  const shown: LineSeries[] = lines
    .filter((l) => series[l.name]?.length)
    .map((l) => ({ name: l.label, color: l.color, dashed: l.dashed, points: series[l.name].map(([x, y]) => ({ x, y })) }))
  const format = yFormat ?? adaptiveFormat(shown.flatMap((s) => s.points.map((p) => p.y ?? Number.NaN)))
  return (
    <figure className="job-chart" data-testid={testId} data-points={shown.reduce((n, s) => n + s.points.length, 0)}>
      <figcaption>{title}</figcaption>
      {shown.length ? (
        <LineChart title={title} series={shown} xLabel="step" yLabel={yLabel} yDomain={yDomain} yFormat={format} width={width} height={height} integerX />
      ) : (
        <div className="job-chart-empty muted small">No points yet</div>
      )}
    </figure>
  )
}
