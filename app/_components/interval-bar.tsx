// A share with its 95% interval, drawn on a 0–100% track: the interval as a band, the value as a
// tick, and the numbers as text ("62.5% ±12.1"; the band's ends in the tooltip). A dashed line marks
// 50%, chance for a preference between two responses.
import { pct } from './format.ts'

export type IntervalRate = { value: number; low: number; high: number }

/** Half the interval's width in points, "±12.1": the interval is not symmetric, so this is its mean half-width. */
export const plusMinus = (r: IntervalRate) => `±${(50 * (r.high - r.low)).toFixed(1)}`

export function IntervalBar({ rate, tone = 'model', testId }: { rate: IntervalRate; tone?: 'model' | 'baseline' | 'b'; testId?: string }) {
  const title = `${pct(rate.value)} (95% interval ${pct(rate.low)} – ${pct(rate.high)})`
  return (
    <div className={`interval interval-${tone}`} title={title} data-testid={testId}>
      <span className="interval-text"><strong>{pct(rate.value)}</strong> <span className="muted">{plusMinus(rate)}</span></span>
      <span className="interval-track" aria-hidden>
        <span className="interval-chance" />
        <span className="interval-band" style={{ left: `${100 * rate.low}%`, width: `${100 * (rate.high - rate.low)}%` }} />
        <span className="interval-tick" style={{ left: `${100 * rate.value}%` }} />
      </span>
    </div>
  )
}
