// Vertical bar chart for a handful of categories (a histogram, counts per bucket): value on each
// bar, category labels below, a y axis with gridlines, the exact value in each bar's tooltip.
import { ChartFrame, fitChars, formatNumber, niceTicks, truncate, YAxis } from './axis.tsx'

export type Bar = { label: string; value: number; color?: string; /** Tooltip; defaults to "label: value". */ title?: string }

type Props = {
  title: string
  data: Bar[]
  xLabel?: string
  yLabel?: string
  width?: number
  height?: number
  color?: string
  format?: (v: number) => string
  /** Integer counts: whole-number ticks. */
  integer?: boolean
}

export function BarChart({ title, data, xLabel, yLabel, width = 560, height = 260, color = '#3559e0', format = formatNumber, integer = true }: Props) {
  const m = { top: 22, right: 12, bottom: xLabel ? 52 : 36, left: yLabel ? 60 : 44 }
  const innerW = width - m.left - m.right
  const innerH = height - m.top - m.bottom
  const max = Math.max(0, ...data.map((d) => d.value))
  const ticks = niceTicks(0, max, 4, integer)
  const top = ticks[ticks.length - 1]
  const y = (v: number) => m.top + innerH - (top > 0 ? (v / top) * innerH : 0)
  const slot = innerW / Math.max(1, data.length)
  const barW = Math.min(72, slot * 0.7)
  const maxChars = fitChars(slot - 4)
  const description = data.map((d) => `${d.label}: ${format(d.value)}`).join('; ')
  return (
    <ChartFrame width={width} height={height} title={title} description={description}>
      <YAxis ticks={ticks} y={y} left={m.left} right={width - m.right} top={m.top} bottom={m.top + innerH} format={format} label={yLabel} />
      {data.map((d, i) => {
        const cx = m.left + slot * i + slot / 2
        const h = Math.max(0, y(0) - y(d.value))
        return (
          <g key={`${d.label}-${i}`} className="chart-mark">
            <title>{d.title ?? `${d.label}: ${format(d.value)}`}</title>
            <rect x={cx - barW / 2} y={y(d.value)} width={barW} height={h} rx={3} style={{ fill: d.color ?? color }} />
            <text x={cx} y={y(d.value) - 5} textAnchor="middle" className="chart-value">{format(d.value)}</text>
            <text x={cx} y={m.top + innerH + 16} textAnchor="middle">{truncate(d.label, maxChars)}</text>
          </g>
        )
      })}
      <line x1={m.left} x2={width - m.right} y1={y(0)} y2={y(0)} className="chart-baseline" />
      {xLabel && <text className="chart-axis-label" x={m.left + innerW / 2} y={height - 8} textAnchor="middle">{xLabel}</text>}
    </ChartFrame>
  )
}
