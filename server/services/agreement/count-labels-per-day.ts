// Labels per UTC day over the last `days` days, one series per label source, for the activity chart.
// Every day in the window is present (zero when idle) so the chart's x axis is continuous. Pure: rows
// are labels, or (from SQL) one row per day and source with its `count`.

export type DailySeries<S extends string> = { days: string[]; series: { source: S; counts: number[] }[] }

const DAY_MS = 24 * 60 * 60 * 1000

const dayKey = (t: number) => new Date(t).toISOString().slice(0, 10)

export function countLabelsPerDay<S extends string>(
  rows: readonly { createdAt: Date; source: S; count?: number }[],
  now: Date,
  days = 30,
): DailySeries<S> {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const first = todayStart - (days - 1) * DAY_MS
  const dayList = Array.from({ length: days }, (_, i) => dayKey(first + i * DAY_MS))
  const bySource = new Map<S, number[]>()
  for (const r of rows) {
    const t = r.createdAt.getTime()
    if (t < first || t >= todayStart + DAY_MS) continue
    let counts = bySource.get(r.source)
    if (!counts) bySource.set(r.source, (counts = new Array<number>(days).fill(0)))
    counts[Math.floor((t - first) / DAY_MS)] += r.count ?? 1
  }
  const series = [...bySource].map(([source, counts]) => ({ source, counts })).sort((a, b) => (a.source < b.source ? -1 : 1))
  return { days: dayList, series }
}
