// The agreement numbers of one set of ratings (one label source of one project), as the dashboard
// shows them: overall counts, Fleiss κ, Krippendorff α, pairwise Cohen κ with names, and per rater
// the leave-one-out majority agreement and the A/B/Tie shares (position bias shows as A ≠ B).
// Pure: the caller loads the rows and resolves rater names; the statistics are stats.ts's.
import {
  DEFAULT_CATEGORIES,
  fleissKappa,
  itemAgreement,
  krippendorffAlpha,
  labelDistribution,
  majorityAgreement,
  pairwiseCohen,
  type Category,
  type Rating,
} from './stats.ts'

export type RatingRow = Rating & { createdAt: Date }
export type RaterKind = 'user' | 'ext' | 'judge' | 'other'
export type ChoiceCounts = { counts: Record<Category, number>; shares: Record<Category, number> | null }
export type RaterSummary = {
  raterKey: string
  name: string
  kind: RaterKind
  labels: number
  /** Leave-one-out: agreement with the strict plurality of the other raters of the same pair. */
  majority: { n: number; agree: number; rate: number | null }
  distribution: ChoiceCounts
  /** Typical pace of a platform annotator; null for imported raters (their labels share one timestamp). */
  medianSecondsBetweenLabels: number | null
}

/** A gap longer than this is a break, not the time one label took. */
const MAX_LABEL_GAP_S = 30 * 60

export function raterKind(raterKey: string): RaterKind {
  const prefix = raterKey.slice(0, raterKey.indexOf(':') + 1)
  return prefix === 'user:' ? 'user' : prefix === 'ext:' ? 'ext' : prefix === 'judge:' ? 'judge' : 'other'
}

export function choiceCounts(rows: readonly Pick<Rating, 'choice'>[]): ChoiceCounts {
  const counts = labelDistribution(rows) as Record<Category, number>
  const total = rows.length
  const shares = total === 0 ? null : (Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [c, counts[c] / total])) as Record<Category, number>)
  return { counts, shares }
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function medianGapSeconds(times: number[]): number | null {
  times.sort((a, b) => a - b)
  const gaps: number[] = []
  for (let i = 1; i < times.length; i++) {
    const s = (times[i] - times[i - 1]) / 1000
    if (s <= MAX_LABEL_GAP_S) gaps.push(s)
  }
  return median(gaps.sort((a, b) => a - b))
}

function summariseRaters(rows: readonly RatingRow[], names: ReadonlyMap<string, string>): RaterSummary[] {
  const byRater = new Map<string, RatingRow[]>()
  for (const r of rows) {
    let list = byRater.get(r.raterKey)
    if (!list) byRater.set(r.raterKey, (list = []))
    list.push(r)
  }
  const majority = new Map(majorityAgreement(rows).map((m) => [m.raterKey, m]))
  return [...byRater]
    .map(([raterKey, list]) => {
      const kind = raterKind(raterKey)
      const m = majority.get(raterKey)
      return {
        raterKey,
        name: names.get(raterKey) ?? raterKey,
        kind,
        labels: list.length,
        majority: { n: m?.n ?? 0, agree: m?.agree ?? 0, rate: m?.rate ?? null },
        distribution: choiceCounts(list),
        medianSecondsBetweenLabels: kind === 'user' ? medianGapSeconds(list.map((r) => r.createdAt.getTime())) : null,
      }
    })
    .sort((a, b) => b.labels - a.labels || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Pairs per agreement level (share of a pair's labels equal to its plurality), pairs with ≥ 2 labels only. */
function itemAgreementHistogram(choicesByPair: ReadonlyMap<string, string[]>) {
  const bins = new Map<number, number>()
  for (const choices of choicesByPair.values()) {
    if (choices.length < 2) continue
    // Rounded so that 2/3 and 4/6 share a bin.
    const share = Math.round((itemAgreement(choices) ?? 0) * 1000) / 1000
    bins.set(share, (bins.get(share) ?? 0) + 1)
  }
  return [...bins].map(([share, pairs]) => ({ share, pairs })).sort((a, b) => b.share - a.share)
}

export function summariseRatings(rows: readonly RatingRow[], names: ReadonlyMap<string, string>, projectPairs: number, minOverlap: number) {
  const choicesByPair = new Map<string, string[]>()
  for (const r of rows) {
    let list = choicesByPair.get(r.itemId)
    if (!list) choicesByPair.set(r.itemId, (list = []))
    list.push(r.choice)
  }
  const raters = summariseRaters(rows, names)
  let pairsWith2plus = 0
  for (const c of choicesByPair.values()) if (c.length >= 2) pairsWith2plus++
  const nameOf = (key: string) => names.get(key) ?? key
  return {
    overall: { pairs: projectPairs, labelledPairs: choicesByPair.size, pairsWith2plus, ratings: rows.length, raters: raters.length },
    fleiss: fleissKappa(rows),
    krippendorff: krippendorffAlpha(rows),
    pairwise: pairwiseCohen(rows, { minOverlap }).map((p) => ({ ...p, nameX: nameOf(p.raterX), nameY: nameOf(p.raterY) })),
    raters,
    distribution: choiceCounts(rows),
    itemAgreement: itemAgreementHistogram(choicesByPair),
  }
}

export type RatingsSummary = ReturnType<typeof summariseRatings>
