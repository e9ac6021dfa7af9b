// Line (or area) chart over a numeric x axis with any number of series: labels per day, reward-model
// train/eval loss per step, accuracy per epoch. A null y breaks the line (e.g. eval loss logged every
// N steps). Short series get a dot per point with its value as a tooltip; long ones are thinned to
// about `maxPoints` points per series so that a 50k-step curve stays a light SVG.
import { ChartFrame, formatNumber, Legend, niceTicks, PALETTE, YAxis } from './axis.tsx'

export type LinePoint = { x: number; y: number | null }
export type LineSeries = { name: string; points: LinePoint[]; color?: string; dashed?: boolean }

type Props = {
  title: string
  series: LineSeries[]
  xLabel?: string
  yLabel?: string
  width?: number
  height?: number
  /** Fill under each line (best with one or two series). */
  area?: boolean
  xFormat?: (x: number) => string
  yFormat?: (y: number) => string
  /** Fixed y range, e.g. [0, 1] for accuracy; otherwise from the data (and from 0 when `area`). */
  yDomain?: [number, number]
  integerX?: boolean
  integerY?: boolean
  maxPoints?: number
  /** Dots with tooltips: 'auto' = every point of short series; 'nonzero' skips y = 0 (sparse counts). */
  dots?: 'auto' | 'nonzero' | 'none'
}

/** Every k-th point plus the last, nulls kept (they mark gaps). */
function thin(points: LinePoint[], maxPoints: number): LinePoint[] {
  if (points.length <= maxPoints) return points
  const k = Math.ceil(points.length / maxPoints)
  return points.filter((p, i) => i % k === 0 || i === points.length - 1 || p.y === null)
}

/** Path segments split at nulls. */
function segments(points: LinePoint[]): LinePoint[][] {
  const out: LinePoint[][] = [[]]
  for (const p of points) {
    if (p.y === null) { if (out[out.length - 1].length) out.push([]) } else out[out.length - 1].push(p)
  }
  return out.filter((s) => s.length > 0)
}

function extent(values: number[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v }
  return lo === Infinity ? [0, 1] : [lo, hi]
}

export function LineChart(props: Props) {
  const { title, xLabel, yLabel, width = 560, height = 260, area = false, maxPoints = 400, dots = 'auto' } = props
  const xFormat = props.xFormat ?? ((v: number) => formatNumber(v))
  const yFormat = props.yFormat ?? ((v: number) => formatNumber(v))
  const series = props.series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length], points: thin(s.points, maxPoints) }))
  const all = series.flatMap((s) => s.points)
  const [x0, x1] = extent(all.map((p) => p.x))
  const ys = all.flatMap((p) => (p.y === null ? [] : [p.y]))
  const [dataLo, dataHi] = extent(ys)
  const yTicks = niceTicks(props.yDomain?.[0] ?? (area ? Math.min(0, dataLo) : dataLo), props.yDomain?.[1] ?? dataHi, 4, props.integerY)
  const [yLo, yHi] = props.yDomain ?? [yTicks[0], yTicks[yTicks.length - 1]]
  const xTicks = niceTicks(x0, x1, Math.max(2, Math.floor(width / 90)), props.integerX).filter((t) => t >= x0 - 1e-9 && t <= x1 + 1e-9)
  const m = { top: 14, right: 16, bottom: xLabel ? 50 : 32, left: yLabel ? 62 : 46 }
  const innerW = width - m.left - m.right
  const innerH = height - m.top - m.bottom
  const x = (v: number) => m.left + (x1 > x0 ? ((v - x0) / (x1 - x0)) * innerW : innerW / 2)
  const y = (v: number) => m.top + innerH - (yHi > yLo ? ((Math.min(Math.max(v, yLo), yHi) - yLo) / (yHi - yLo)) * innerH : innerH / 2)
  const showDots = dots !== 'none' && all.length <= 120
  const description = series
    .map((s) => {
      const last = [...s.points].reverse().find((p) => p.y !== null)
      return `${s.name}: ${s.points.length} points${last ? `, last ${yFormat(last.y!)} at ${xFormat(last.x)}` : ''}`
    })
    .join('; ')
  return (
    <div>
      <ChartFrame width={width} height={height} title={title} description={description}>
        <YAxis ticks={yTicks} y={y} left={m.left} right={width - m.right} top={m.top} bottom={m.top + innerH} format={yFormat} label={yLabel} />
        <g className="chart-axis">
          {xTicks.map((t) => <text key={t} x={x(t)} y={m.top + innerH + 16} textAnchor="middle">{xFormat(t)}</text>)}
        </g>
        <line x1={m.left} x2={width - m.right} y1={m.top + innerH} y2={m.top + innerH} className="chart-baseline" />
        {series.map((s) => (
          <g key={s.name} className="chart-series">
            <title>{s.name}</title>
            {segments(s.points).map((seg, k) => {
              const line = seg.map((p, i) => `${i ? 'L' : 'M'}${x(p.x).toFixed(1)},${y(p.y!).toFixed(1)}`).join('')
              const base = y(Math.max(yLo, Math.min(0, yHi)))
              return (
                <g key={k}>
                  {area && <path d={`${line}L${x(seg[seg.length - 1].x).toFixed(1)},${base}L${x(seg[0].x).toFixed(1)},${base}Z`} style={{ fill: s.color, opacity: 0.14 }} />}
                  <path d={line} fill="none" style={{ stroke: s.color }} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} strokeLinejoin="round" />
                </g>
              )
            })}
            {showDots && s.points.map((p, i) => p.y === null || (dots === 'nonzero' && p.y === 0) ? null : (
              <circle key={i} cx={x(p.x)} cy={y(p.y)} r={3} className="chart-dot" style={{ fill: s.color }}>
                <title>{`${s.name} · ${xFormat(p.x)}: ${yFormat(p.y)}`}</title>
              </circle>
            ))}
          </g>
        ))}
        {xLabel && <text className="chart-axis-label" x={m.left + innerW / 2} y={height - 8} textAnchor="middle">{xLabel}</text>}
      </ChartFrame>
      {series.length > 1 && <Legend items={series.map((s) => ({ label: s.name, color: s.color, dashed: s.dashed }))} />}
    </div>
  )
}
