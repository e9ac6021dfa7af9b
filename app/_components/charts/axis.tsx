// Shared pieces of the inline SVG charts: nice tick values, number formats, the series palette, a
// colour scale, the accessible <svg> frame (role="img", <title>, <desc>) and the legend. No chart
// library: every chart is a plain server-renderable component, tooltips are SVG <title> elements.
import { useId, type ReactNode } from 'react'

/** Series colours, distinguishable for the common colour-vision deficiencies in the first four. */
export const PALETTE = ['#3559e0', '#d9480f', '#157f3b', '#7a5af8', '#0e9384', '#c11574', '#b54708', '#475467']

/** A/B/Tie colours, the same as the --a / --b / --tie CSS variables. */
export const CHOICE_COLORS = { A: '#2f6fdb', B: '#d9480f', TIE: '#7a7f8c' } as const

/** Round tick values covering [min, max] (about `count` of them); `integer` keeps the step ≥ 1. */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  if (max === min) max = min + (integer ? 1 : Math.abs(min) || 1)
  const rough = (max - min) / Math.max(1, count)
  const mag = 10 ** Math.floor(Math.log10(rough))
  const err = rough / mag
  let step = (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1) * mag
  if (integer) step = Math.max(1, Math.round(step))
  // From the last round value at or below min to the first at or above max, so the data fits inside.
  const first = Math.floor(min / step + 1e-9)
  const last = Math.max(first + 1, Math.ceil(max / step - 1e-9))
  // Rounded to the step's precision so 0.1 + 0.2 prints as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1)
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(digits)))
}

/** A short number for axes and bar ends: 1234 → "1,234", 0.8642 → "0.86", 12500 → "12.5k". */
export function formatNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return '–'
  const abs = Math.abs(v)
  if (abs >= 100_000) return `${(v / 1000).toFixed(0)}k`
  if (abs >= 10_000) return `${(v / 1000).toFixed(1)}k`
  if (Number.isInteger(v)) return v.toLocaleString('en-US')
  return v.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : digits)
}

export const formatPercent = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`

function mix(from: [number, number, number], to: [number, number, number], t: number): string {
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * Math.min(1, Math.max(0, t))))
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`
}

const NEUTRAL: [number, number, number] = [244, 245, 248]
const BLUE: [number, number, number] = [35, 70, 200]
const RED: [number, number, number] = [196, 50, 10]

/**
 * Fill colour for a heatmap value. Diverging (domain [−d, d]): red below zero, blue above, near-white
 * at zero, so a negative κ stands out. Sequential (domain [0, d]): white to blue. `dark` says
 * whether text on it should be white.
 */
export function heatColor(value: number, domain: [number, number]): { fill: string; dark: boolean } {
  const [lo, hi] = domain
  if (lo < 0) {
    const t = value >= 0 ? value / hi : value / lo
    return { fill: mix(NEUTRAL, value >= 0 ? BLUE : RED, t), dark: t > 0.55 }
  }
  const t = hi > lo ? (value - lo) / (hi - lo) : 0
  return { fill: mix(NEUTRAL, BLUE, t), dark: t > 0.55 }
}

/** Shortens a label for an axis; the full text goes into a <title>. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text
}

const CHAR_W = 0.58 // average glyph width of the system sans-serif, in ems

/** Rough width of text at the chart font size (11px): enough to size label columns. */
export const textWidth = (text: string, px = 11) => text.length * px * CHAR_W

/** How many characters fit in `width` at `px`: the inverse of textWidth, for truncate(). */
export const fitChars = (width: number, px = 11) => Math.max(3, Math.floor(width / (px * CHAR_W)))

type FrameProps = {
  width: number; height: number; title: string; description?: string; children: ReactNode; className?: string
  /** Draw at exactly width × height (inside a scrolling box) instead of shrinking with the container. */
  fixed?: boolean
}

/**
 * The <svg> every chart draws into: scales down with its container (never up past `width`) unless
 * `fixed`; announced to screen readers as one image with a title and a text description of the data.
 */
export function ChartFrame({ width, height, title, description, children, className, fixed }: FrameProps) {
  const id = `chart${useId().replace(/[^a-z0-9]/gi, '')}`
  return (
    <svg
      className={`chart ${className ?? ''}`}
      viewBox={`0 0 ${width} ${height}`}
      width={fixed ? width : '100%'}
      height={fixed ? height : undefined}
      style={fixed ? { flex: 'none' } : { maxWidth: width }}
      role="img"
      aria-labelledby={`${id}-t${description ? ` ${id}-d` : ''}`}
    >
      <title id={`${id}-t`}>{title}</title>
      {description && <desc id={`${id}-d`}>{description}</desc>}
      {children}
    </svg>
  )
}

export type LegendItem = { label: string; color: string; dashed?: boolean }

/** A legend as HTML below the chart: wraps, stays readable at any width, and is real text. */
export function Legend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((it) => (
        <li key={it.label}>
          <span className="chart-swatch" style={{ background: it.color, ...(it.dashed ? { backgroundImage: 'none', border: `1px dashed ${it.color}` } : {}) }} />
          {it.label}
        </li>
      ))}
    </ul>
  )
}

/** Horizontal gridlines with tick labels on the left: the y axis of the vertical charts. */
export function YAxis({ ticks, y, left, right, format, label, top, bottom }: {
  ticks: number[]; y: (v: number) => number; left: number; right: number; top: number; bottom: number
  format: (v: number) => string; label?: string
}) {
  return (
    <g className="chart-axis">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={right} y1={y(t)} y2={y(t)} className="chart-grid" />
          <text x={left - 6} y={y(t)} dy="0.32em" textAnchor="end">{format(t)}</text>
        </g>
      ))}
      {label && (
        <text className="chart-axis-label" transform={`translate(12 ${(top + bottom) / 2}) rotate(-90)`} textAnchor="middle">{label}</text>
      )}
    </g>
  )
}
