// Horizontal bars, one row per named thing (an annotator, a model): the name on the left, the bar,
// its value and a note (e.g. "n = 917") at the end. Rows without a value are drawn as "no data"
// rather than as a zero bar. An optional reference line marks e.g. the project mean.
import { ChartFrame, fitChars, formatNumber, niceTicks, textWidth, truncate } from './axis.tsx'

export type HBar = {
  label: string
  value: number | null
  /** Text after the bar, e.g. "n = 917"; "no data" when value is null and note is absent. */
  note?: string
  color?: string
  title?: string
}

type Props = {
  title: string
  rows: HBar[]
  /** Upper end of the scale; defaults to a round number above the largest value. */
  max?: number
  xLabel?: string
  width?: number
  format?: (v: number) => string
  color?: string
  reference?: { value: number; label: string }
}

const ROW_H = 28

export function HorizontalBars({ title, rows, max, xLabel, width = 560, format = formatNumber, color = '#3559e0', reference }: Props) {
  const labelW = Math.min(200, Math.max(60, ...rows.map((r) => textWidth(r.label) + 14)))
  const noteW = Math.min(150, Math.max(40, ...rows.map((r) => textWidth(`${r.value === null ? '' : format(r.value)}  ${r.note ?? ''}`) + 12)))
  const m = { top: 10, right: noteW, bottom: xLabel ? 46 : 28, left: labelW }
  const height = m.top + rows.length * ROW_H + m.bottom
  const innerW = width - m.left - m.right
  const ticks = max !== undefined ? niceTicks(0, max, 4).filter((t) => t <= max + 1e-9) : niceTicks(0, Math.max(0, ...rows.map((r) => r.value ?? 0)), 4)
  const top = max ?? ticks[ticks.length - 1]
  const x = (v: number) => m.left + (top > 0 ? (Math.min(v, top) / top) * innerW : 0)
  const bottom = m.top + rows.length * ROW_H
  const description = rows.map((r) => `${r.label}: ${r.value === null ? 'no data' : format(r.value)}${r.note ? ` (${r.note})` : ''}`).join('; ')
  return (
    <ChartFrame width={width} height={height} title={title} description={description}>
      <g className="chart-axis">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={m.top} y2={bottom} className="chart-grid" />
            <text x={x(t)} y={bottom + 14} textAnchor="middle">{format(t)}</text>
          </g>
        ))}
      </g>
      {rows.map((r, i) => {
        const cy = m.top + i * ROW_H + ROW_H / 2
        const end = r.value === null ? m.left : x(r.value)
        return (
          <g key={`${r.label}-${i}`} className="chart-mark">
            <title>{r.title ?? `${r.label}: ${r.value === null ? 'no data' : format(r.value)}${r.note ? ` (${r.note})` : ''}`}</title>
            <text x={m.left - 8} y={cy} dy="0.32em" textAnchor="end">{truncate(r.label, fitChars(labelW - 10))}</text>
            {r.value !== null && <rect x={m.left} y={cy - 9} width={Math.max(1, end - m.left)} height={18} rx={3} style={{ fill: r.color ?? color }} />}
            <text x={end + 6} y={cy} dy="0.32em" className={r.value === null ? 'chart-muted' : 'chart-value'}>
              {r.value === null ? (r.note ?? 'no data') : format(r.value)}
              {r.value !== null && r.note && <tspan className="chart-muted"> {r.note}</tspan>}
            </text>
          </g>
        )
      })}
      <line x1={m.left} x2={m.left} y1={m.top} y2={bottom} className="chart-baseline" />
      {reference && (
        <g className="chart-reference">
          <title>{`${reference.label}: ${format(reference.value)}`}</title>
          <line x1={x(reference.value)} x2={x(reference.value)} y1={m.top - 4} y2={bottom} />
        </g>
      )}
      {xLabel && <text className="chart-axis-label" x={m.left + innerW / 2} y={height - 6} textAnchor="middle">{xLabel}</text>}
    </ChartFrame>
  )
}
