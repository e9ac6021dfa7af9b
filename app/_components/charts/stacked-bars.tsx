// 100 % stacked horizontal bars: how each row (an annotator, a judge, the whole project) splits over
// a few categories, e.g. A / B / Tie shares, where position bias shows as an A share far from the B
// share. Segments wide enough carry their percentage; every segment's tooltip has count and share.
import { ChartFrame, fitChars, formatPercent, Legend, textWidth, truncate } from './axis.tsx'

export type StackKey = { key: string; label: string; color: string }
export type StackRow = { label: string; counts: Record<string, number>; note?: string }

type Props = { title: string; keys: StackKey[]; rows: StackRow[]; width?: number; xLabel?: string }

const ROW_H = 28

export function StackedBars({ title, keys, rows, width = 560, xLabel = 'share of labels' }: Props) {
  const labelW = Math.min(200, Math.max(60, ...rows.map((r) => textWidth(r.label) + 14)))
  const noteW = Math.min(110, Math.max(16, ...rows.map((r) => textWidth(r.note ?? '') + 14)))
  const m = { top: 10, right: noteW, bottom: 44, left: labelW }
  const height = m.top + rows.length * ROW_H + m.bottom
  const innerW = width - m.left - m.right
  const bottom = m.top + rows.length * ROW_H
  const x = (share: number) => m.left + share * innerW
  const description = rows
    .map((r) => {
      const total = keys.reduce((s, k) => s + (r.counts[k.key] ?? 0), 0)
      return `${r.label}: ${keys.map((k) => `${k.label} ${total ? formatPercent((r.counts[k.key] ?? 0) / total) : '–'}`).join(', ')}`
    })
    .join('; ')
  return (
    <div>
      <ChartFrame width={width} height={height} title={title} description={description}>
        <g className="chart-axis">
          {[0, 0.25, 0.5, 0.75, 1].map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={m.top} y2={bottom} className={t === 0.5 ? 'chart-grid chart-grid-strong' : 'chart-grid'} />
              <text x={x(t)} y={bottom + 14} textAnchor="middle">{formatPercent(t)}</text>
            </g>
          ))}
        </g>
        {rows.map((r, i) => {
          const cy = m.top + i * ROW_H + ROW_H / 2
          const total = keys.reduce((s, k) => s + (r.counts[k.key] ?? 0), 0)
          let start = 0
          return (
            <g key={`${r.label}-${i}`}>
              <text x={m.left - 8} y={cy} dy="0.32em" textAnchor="end">
                <title>{r.label}</title>
                {truncate(r.label, fitChars(labelW - 10))}
              </text>
              {total === 0 && <text x={m.left + 4} y={cy} dy="0.32em" className="chart-muted">no labels</text>}
              {total > 0 && keys.map((k) => {
                const count = r.counts[k.key] ?? 0
                const share = count / total
                const x0 = x(start)
                start += share
                if (count === 0) return null
                const w = share * innerW
                return (
                  <g key={k.key} className="chart-mark">
                    <title>{`${r.label} · ${k.label}: ${count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} (${formatPercent(share, 1)})`}</title>
                    <rect x={x0} y={cy - 10} width={w} height={20} style={{ fill: k.color }} />
                    {w >= 34 && <text x={x0 + w / 2} y={cy} dy="0.32em" textAnchor="middle" className="chart-on-dark">{formatPercent(share)}</text>}
                  </g>
                )
              })}
              {r.note && <text x={width - m.right + 6} y={cy} dy="0.32em" className="chart-muted">{r.note}</text>}
            </g>
          )
        })}
        <text className="chart-axis-label" x={m.left + innerW / 2} y={height - 8} textAnchor="middle">{xLabel}</text>
      </ChartFrame>
      <Legend items={keys.map((k) => ({ label: k.label, color: k.color }))} />
    </div>
  )
}
