// Number, rate and date formats shared by the pages (reward models, judges, …).
export const pct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(digits)}%`)
export const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits))
export const rate = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'))
/** 1.2e-7 → "1.2e-7", 0.00031 → "3.1e-4", 0.42 → "0.420". */
export const small = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(1) : v.toFixed(3))

const SOURCE_NAMES: Record<string, string> = { HUMAN: 'human', AI: 'AI', SELF: 'self' }
export const sourcesText = (sources: string[] | undefined) => (sources ?? []).map((s) => SOURCE_NAMES[s] ?? s).join(' + ') || '–'

export type BaseRef = { source: string; ref: string; name: string }
export const baseText = (b: BaseRef) => (b.source === 'BUILTIN' ? `built-in ${b.ref}` : b.name)

export const whenText = (d: Date | string) =>
  new Date(d).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
