// Heatmap matrix: rows × columns of coloured cells with the value printed in each, e.g. Cohen's κ
// for every annotator pair (diverging scale, −1…1) or a confusion matrix (counts, sequential).
// A cell without a value (too little overlap, the diagonal) is grey with a dash; each cell's
// tooltip says what it is (e.g. "κ 0.85 over 999 shared pairs"). A colour key sits underneath.
// Drawn at its natural size so cells stay legible; put it in a scrolling box (.chart-scroll) when wide.
import { useId } from 'react'
import { ChartFrame, fitChars, formatNumber, heatColor, textWidth, truncate } from './axis.tsx'

export type HeatCell = { value: number | null; /** Printed in the cell; defaults to the formatted value. */ text?: string; title: string }

type Props = {
  title: string
  rowLabels: string[]
  colLabels: string[]
  cells: (HeatCell | null)[][]
  /** [−d, d] for a diverging scale, [0, d] for a sequential one. */
  domain: [number, number]
  format?: (v: number) => string
  /** Axis titles: what the rows and the columns are. */
  rowTitle?: string
  colTitle?: string
  cellSize?: number
  /** Words at the ends of the colour key, e.g. ['disagree', 'agree']. */
  keyLabels?: [string, string]
}

export function HeatmapMatrix({ title, rowLabels, colLabels, cells, domain, format = (v) => formatNumber(v), rowTitle, colTitle, cellSize = 64, keyLabels }: Props) {
  const gradientId = `heat${useId().replace(/[^a-z0-9]/gi, '')}`
  const maxRowLabel = Math.min(200, Math.max(40, ...rowLabels.map((l) => textWidth(l) + 12)))
  const maxColLabel = Math.min(150, Math.max(...colLabels.map((l) => textWidth(l)), 20))
  const rotate = colLabels.some((l) => textWidth(l) > cellSize - 6)
  const colLabelH = rotate ? maxColLabel * 0.6 + 14 : 18
  // Rotated column labels lean right: the last one needs room past the grid.
  const right = rotate ? Math.max(12, maxColLabel * 0.82 - cellSize / 2 + 6) : 12
  const m = { top: (colTitle ? 20 : 4) + colLabelH, left: (rowTitle ? 20 : 0) + maxRowLabel, right, bottom: 54 }
  const gridW = colLabels.length * cellSize
  const gridH = rowLabels.length * cellSize
  const width = Math.max(m.left + gridW + m.right, 320)
  const height = m.top + gridH + m.bottom
  const keyW = Math.min(220, width - 40)
  const keyX = Math.max(10, m.left + gridW / 2 - keyW / 2)
  const keyY = m.top + gridH + 18
  const diverging = domain[0] < 0
  const stops = diverging ? [domain[0], 0, domain[1]] : [domain[0], (domain[0] + domain[1]) / 2, domain[1]]
  const description = cells.flatMap((row) => row.flatMap((c) => (c && c.value !== null ? [c.title] : []))).join('; ')
  return (
    <ChartFrame width={width} height={height} title={title} description={description || 'no values'} fixed>
      <defs>
        <linearGradient id={gradientId}>
          {[0, 0.25, 0.5, 0.75, 1].map((t) => (
            <stop key={t} offset={t} stopColor={heatColor(domain[0] + t * (domain[1] - domain[0]), domain).fill} />
          ))}
        </linearGradient>
      </defs>
      {colTitle && <text className="chart-axis-label" x={m.left + gridW / 2} y={12} textAnchor="middle">{colTitle}</text>}
      {rowTitle && (
        <text className="chart-axis-label" transform={`translate(12 ${m.top + gridH / 2}) rotate(-90)`} textAnchor="middle">{rowTitle}</text>
      )}
      {colLabels.map((l, j) => {
        const cx = m.left + j * cellSize + cellSize / 2
        return rotate ? (
          <text key={`c${j}`} transform={`translate(${cx - 4} ${m.top - 6}) rotate(-35)`} className="chart-tick">
            <title>{l}</title>{truncate(l, fitChars(150))}
          </text>
        ) : (
          <text key={`c${j}`} x={cx} y={m.top - 6} textAnchor="middle" className="chart-tick"><title>{l}</title>{l}</text>
        )
      })}
      {rowLabels.map((l, i) => (
        <text key={`r${i}`} x={m.left - 8} y={m.top + i * cellSize + cellSize / 2} dy="0.32em" textAnchor="end" className="chart-tick">
          <title>{l}</title>{truncate(l, fitChars(maxRowLabel - 8))}
        </text>
      ))}
      {cells.map((row, i) => row.map((c, j) => {
        const x = m.left + j * cellSize
        const y = m.top + i * cellSize
        if (!c) return <rect key={`${i}-${j}`} x={x + 1} y={y + 1} width={cellSize - 2} height={cellSize - 2} rx={4} className="chart-cell-empty" />
        const color = c.value === null ? null : heatColor(c.value, domain)
        return (
          <g key={`${i}-${j}`} className="chart-mark">
            <title>{c.title}</title>
            <rect x={x + 1} y={y + 1} width={cellSize - 2} height={cellSize - 2} rx={4} className={color ? undefined : 'chart-cell-empty'} style={color ? { fill: color.fill } : undefined} />
            <text x={x + cellSize / 2} y={y + cellSize / 2} dy="0.32em" textAnchor="middle" className={color?.dark ? 'chart-on-dark chart-cell-text' : 'chart-cell-text'}>
              {c.text ?? (c.value === null ? '–' : format(c.value))}
            </text>
          </g>
        )
      }))}
      <g className="chart-key">
        <rect x={keyX} y={keyY} width={keyW} height={10} rx={2} fill={`url(#${gradientId})`} />
        {stops.map((s, k) => (
          <text key={k} x={keyX + (k / 2) * keyW} y={keyY + 24} textAnchor={k === 0 ? 'start' : k === 2 ? 'end' : 'middle'}>
            {format(s)}{keyLabels && k !== 1 ? ` ${keyLabels[k === 0 ? 0 : 1]}` : ''}
          </text>
        ))}
      </g>
    </ChartFrame>
  )
}
