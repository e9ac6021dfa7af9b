// Plain-language readings of agreement coefficients, for people who do not know κ by heart.
// κ: Landis & Koch (1977) bands. α: Krippendorff's (2004) rule: α ≥ 0.800 to rely on the data,
// 0.667 ≤ α < 0.800 for tentative conclusions only, below that the labels are not reliable.

export type Tone = 'ok' | 'run' | 'err' | 'plain'
export type Reading = { band: string; sentence: string; tone: Tone }

export function kappaReading(kappa: number | null): Reading {
  if (kappa === null) return { band: 'n/a', sentence: 'needs at least two annotators on the same pairs', tone: 'plain' }
  if (kappa < 0) return { band: 'poor', sentence: 'poor: annotators agree less than chance would (Landis & Koch)', tone: 'err' }
  const bands: [number, string, Tone][] = [
    [0.2, 'slight', 'err'], [0.4, 'fair', 'err'], [0.6, 'moderate', 'run'], [0.8, 'substantial', 'ok'], [Infinity, 'almost perfect', 'ok'],
  ]
  const [, band, tone] = bands.find(([max]) => kappa <= max)!
  return { band, sentence: `${band} agreement beyond chance (Landis & Koch)`, tone }
}

export function alphaReading(alpha: number | null): Reading {
  if (alpha === null) return { band: 'n/a', sentence: 'needs at least two labels on the same pairs, not all identical', tone: 'plain' }
  if (alpha >= 0.8) return { band: 'reliable', sentence: 'reliable: fine to draw conclusions (α ≥ 0.80)', tone: 'ok' }
  if (alpha >= 0.667) return { band: 'tentative', sentence: 'tentative conclusions only (0.667 ≤ α < 0.80)', tone: 'run' }
  return { band: 'unreliable', sentence: 'unreliable: below Krippendorff’s 0.667 floor', tone: 'err' }
}

/** Two decimals, never "-0.00" (a κ of −0.001 is zero for a reader). */
export const fixed2 = (v: number) => (Math.abs(v) < 0.005 ? 0 : v).toFixed(2)
export const formatCoefficient = (v: number | null) => (v === null ? '—' : fixed2(v))
export const formatShare = (v: number | null, digits = 1) => (v === null ? '—' : `${(v * 100).toFixed(digits)}%`)

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** "2026-11-03" → "Nov 3" (UTC dates, as the server counts them). */
export function shortDay(isoDay: string): string {
  const [, month, day] = isoDay.split('-').map(Number)
  return `${MONTHS[month - 1]} ${day}`
}

/** 14.2 → "14 s", 95 → "1.6 min". */
export function formatSeconds(s: number | null): string {
  if (s === null) return '—'
  return s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`
}
