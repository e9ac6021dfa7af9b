// The one rule for a reward model's headline numbers, shared by the server (stored and live
// headlines) and the run page (recomputed from the series it polls): the last value of each eval and
// export series, and the training throughput as the trainer names it, train_tokens_per_second: its
// whole-run figure once reported, the mean of the per-step train/tokens_per_second while it runs.
// Pure (no imports), so a client page may use it as the server does.
export const HEADLINE_METRICS = ['eval/accuracy', 'eval/loss', 'eval/ece', 'export/parity_max_abs_diff', 'train_tokens_per_second'] as const
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number]
export type Headline = Record<HeadlineMetric, number | null>

/** The series the rule reads: each one's last value, and the per-step throughput's mean. */
export const HEADLINE_SERIES = ['eval/accuracy', 'eval/loss', 'eval/ece', 'export/parity_max_abs_diff', 'train_tokens_per_second'] as const
export const STEP_THROUGHPUT = 'train/tokens_per_second'

export function headlineOf(last: (series: string) => number | null | undefined, stepThroughputMean: number | null | undefined): Headline {
  const v = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null)
  return {
    'eval/accuracy': v(last('eval/accuracy')),
    'eval/loss': v(last('eval/loss')),
    'eval/ece': v(last('eval/ece')),
    'export/parity_max_abs_diff': v(last('export/parity_max_abs_diff')),
    train_tokens_per_second: v(last('train_tokens_per_second')) ?? v(stepThroughputMean),
  }
}

/** A stored summary's headline; summaries written before the rename kept throughput as train/tokens_per_second. */
export function storedHeadline(summary: unknown): Headline {
  const s = (summary && typeof summary === 'object' ? summary : {}) as Record<string, unknown>
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : null)
  return headlineOf(num, num(STEP_THROUGHPUT))
}

/** Per metric, the first known value. */
export const mergeHeadlines = (...hs: Headline[]): Headline =>
  Object.fromEntries(HEADLINE_METRICS.map((k) => [k, hs.map((h) => h[k]).find((x) => x !== null) ?? null])) as Headline
