// The agreement numbers of one set of ratings (one label source of one project), as the dashboard
// shows them: overall counts, Fleiss κ, Krippendorff α, pairwise Cohen κ with names, and per rater
// the leave-one-out majority agreement and the A/B/Tie shares (position bias shows as A ≠ B).
// Pure: read-rating-aggregates.ts computes the sufficient statistics in SQL; the formulas are
// stats.ts's, the same ones its unit tests check on rating rows.
import { alphaFromSums, DEFAULT_CATEGORIES, fleissFromSums, kappaFromMatrix, type Category, type PairwiseCohenRow } from './stats.ts'
import type { RatingAggregates } from './read-rating-aggregates.ts'

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

// Code-unit order, not localeCompare: stable across machines and locales.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export function raterKind(raterKey: string): RaterKind {
  const prefix = raterKey.slice(0, raterKey.indexOf(':') + 1)
  return prefix === 'user:' ? 'user' : prefix === 'ext:' ? 'ext' : prefix === 'judge:' ? 'judge' : 'other'
}

export function choiceCounts(counts: Record<Category, number>): ChoiceCounts {
  const total = DEFAULT_CATEGORIES.reduce((s, c) => s + counts[c], 0)
  const shares = total === 0 ? null : (Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [c, counts[c] / total])) as Record<Category, number>)
  return { counts: { A: counts.A, B: counts.B, TIE: counts.TIE }, shares }
}

const vector = (byCategory: Record<Category, number>) => DEFAULT_CATEGORIES.map((c) => byCategory[c])

function summariseRaters(raters: RatingAggregates['raters']): RaterSummary[] {
  return raters
    .map((r) => {
      const kind = raterKind(r.raterKey)
      return {
        raterKey: r.raterKey,
        name: r.name,
        kind,
        labels: r.labels,
        majority: { n: r.majorityN, agree: r.majorityAgree, rate: r.majorityN > 0 ? r.majorityAgree / r.majorityN : null },
        distribution: choiceCounts(r.counts),
        medianSecondsBetweenLabels: kind === 'user' ? r.medianGapSeconds : null,
      }
    })
    .sort((a, b) => b.labels - a.labels || compare(a.name, b.name))
}

/** Pairwise Cohen κ for rater pairs sharing ≥ minOverlap pairs, sorted by (raterX, raterY). */
function pairwise(cells: RatingAggregates['cohenCells'], minOverlap: number): PairwiseCohenRow[] {
  const index = new Map(DEFAULT_CATEGORIES.map((c, i) => [c, i]))
  const matrices = new Map<string, { raterX: string; raterY: string; m: number[][] }>()
  for (const c of cells) {
    const key = `${c.raterX}\n${c.raterY}`
    let entry = matrices.get(key)
    if (!entry) matrices.set(key, (entry = { raterX: c.raterX, raterY: c.raterY, m: DEFAULT_CATEGORIES.map(() => [0, 0, 0]) }))
    entry.m[index.get(c.cx)!][index.get(c.cy)!] += c.n
  }
  return [...matrices.values()]
    .map(({ raterX, raterY, m }) => ({ raterX, raterY, ...kappaFromMatrix(m) }))
    .filter((p) => p.n >= minOverlap)
    .sort((a, b) => compare(a.raterX, b.raterX) || compare(a.raterY, b.raterY))
}

export function summariseRatings(agg: RatingAggregates, projectPairs: number, minOverlap: number) {
  const raters = summariseRaters(agg.raters)
  const names = new Map(raters.map((r) => [r.raterKey, r.name]))
  const nameOf = (key: string) => names.get(key) ?? key
  const sums = { ...agg.pairable, totals: vector(agg.pairable.totals) }
  return {
    overall: { pairs: projectPairs, labelledPairs: agg.labelledPairs, pairsWith2plus: agg.pairsWith2plus, ratings: agg.ratings, raters: raters.length },
    fleiss: fleissFromSums(sums),
    krippendorff: alphaFromSums(sums),
    pairwise: pairwise(agg.cohenCells, minOverlap).map((p) => ({ ...p, nameX: nameOf(p.raterX), nameY: nameOf(p.raterY) })),
    raters,
    distribution: choiceCounts(agg.distribution),
    itemAgreement: agg.itemAgreement,
  }
}

export type RatingsSummary = ReturnType<typeof summariseRatings>
