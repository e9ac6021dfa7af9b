// The agreement numbers of one set of ratings (one label source of one project), as the dashboard
// shows them: overall counts, Fleiss κ, Krippendorff α, pairwise Cohen κ with names, and per rater
// the leave-one-out majority agreement and the A/B/Tie shares (position bias shows as A ≠ B).
// Pure: read-agreement-aggregates.ts counts the pairs per signature in SQL (a few hundred weighted rows,
// not the labels); the formulas are stats.ts's, the same ones its unit tests check on rating rows.
import { alphaFromSums, DEFAULT_CATEGORIES, fleissFromSums, kappaFromMatrix, type Category, type PairableSums, type PairwiseCohenRow } from './stats.ts'
import { parseSignature, type AgreementAggregates } from './read-agreement-aggregates.ts'

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

const CAT = new Map(DEFAULT_CATEGORIES.map((c, i) => [c, i]))
const zeros = () => DEFAULT_CATEGORIES.map(() => 0)
const countsOf = (v: readonly number[]) => ({ A: v[0], B: v[1], TIE: v[2] }) as Record<Category, number>

/** Index of the strict unique maximum of positive counts, or null on a tie / all zero (stats.ts's rule). */
function uniqueMax(counts: readonly number[]): number | null {
  let best = -1
  let max = 0
  let tied = false
  counts.forEach((c, i) => {
    if (c > max) [best, max, tied] = [i, c, false]
    else if (c === max && max > 0) tied = true
  })
  return best >= 0 && !tied ? best : null
}

type RaterTally = { labels: number; counts: number[]; n: number; agree: number }

/** One pass over the signatures: every sum the statistics need, each pair weighted by its signature's count. */
function tally(signatures: AgreementAggregates['signatures']) {
  const sums: PairableSums = { items: 0, ratings: 0, sumAgreement: 0, sumCoincidence: 0, totals: zeros() }
  const all = zeros()
  const raters = new Map<string, RaterTally>()
  const cohen = new Map<string, { raterX: string; raterY: string; m: number[][] }>()
  const bins = new Map<number, number>()
  let labelledPairs = 0
  let ratings = 0
  for (const { sig, n: w } of signatures) {
    const labels = parseSignature(sig).map((l) => ({ raterKey: l.raterKey, c: CAT.get(l.choice)! }))
    const counts = zeros()
    for (const l of labels) counts[l.c]++
    const m = labels.length
    labelledPairs += w
    ratings += m * w
    counts.forEach((c, j) => (all[j] += c * w))
    for (const l of labels) {
      let t = raters.get(l.raterKey)
      if (!t) raters.set(l.raterKey, (t = { labels: 0, counts: zeros(), n: 0, agree: 0 }))
      t.labels += w
      t.counts[l.c] += w
      counts[l.c]-- // leave-one-out: the others' plurality
      const reference = uniqueMax(counts)
      counts[l.c]++
      if (reference !== null) { t.n += w; if (reference === l.c) t.agree += w }
    }
    if (m < 2) continue
    const squares = counts.reduce((s, c) => s + c * c, 0)
    sums.items += w
    sums.ratings += m * w
    sums.sumAgreement += (w * (squares - m)) / (m * (m - 1))
    sums.sumCoincidence += (w * (squares - m)) / (m - 1)
    counts.forEach((c, j) => (sums.totals[j] += c * w))
    // Rounded so that 2/3 and 4/6 share a bin.
    const share = Math.round((Math.max(...counts) / m) * 1000) / 1000
    bins.set(share, (bins.get(share) ?? 0) + w)
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        // SQL sorted by bytes (COLLATE "C"); code-unit order can differ outside the BMP, so order here.
        const [x, y] = compare(labels[i].raterKey, labels[j].raterKey) < 0 ? [labels[i], labels[j]] : [labels[j], labels[i]]
        const key = `${x.raterKey}\n${y.raterKey}`
        let e = cohen.get(key)
        if (!e) cohen.set(key, (e = { raterX: x.raterKey, raterY: y.raterKey, m: DEFAULT_CATEGORIES.map(zeros) }))
        e.m[x.c][y.c] += w
      }
    }
  }
  return { sums, all, raters, cohen, bins, labelledPairs, ratings }
}

export function summariseRatings(agg: AgreementAggregates, projectPairs: number, minOverlap: number) {
  const t = tally(agg.signatures)
  const names = new Map(agg.names.map((r) => [r.raterKey, r.name]))
  const pace = new Map(agg.pace.map((p) => [p.raterKey, p.median]))
  const nameOf = (key: string) => names.get(key) ?? key
  const raters: RaterSummary[] = [...t.raters]
    .map(([raterKey, r]) => {
      const kind = raterKind(raterKey)
      return {
        raterKey, name: nameOf(raterKey), kind, labels: r.labels,
        majority: { n: r.n, agree: r.agree, rate: r.n > 0 ? r.agree / r.n : null },
        distribution: choiceCounts(countsOf(r.counts)),
        medianSecondsBetweenLabels: kind === 'user' ? pace.get(raterKey) ?? null : null,
      }
    })
    .sort((a, b) => b.labels - a.labels || compare(a.name, b.name))
  const pairwise: (PairwiseCohenRow & { nameX: string; nameY: string })[] = [...t.cohen.values()]
    .map(({ raterX, raterY, m }) => ({ raterX, raterY, ...kappaFromMatrix(m), nameX: nameOf(raterX), nameY: nameOf(raterY) }))
    .filter((p) => p.n >= minOverlap)
    .sort((a, b) => compare(a.raterX, b.raterX) || compare(a.raterY, b.raterY))
  let pairsWith2plus = 0
  for (const pairs of t.bins.values()) pairsWith2plus += pairs
  return {
    overall: { pairs: projectPairs, labelledPairs: t.labelledPairs, pairsWith2plus, ratings: t.ratings, raters: raters.length },
    fleiss: fleissFromSums(t.sums),
    krippendorff: alphaFromSums(t.sums),
    pairwise,
    raters,
    distribution: choiceCounts(countsOf(t.all)),
    itemAgreement: [...t.bins].map(([share, pairs]) => ({ share, pairs })).sort((a, b) => b.share - a.share),
  }
}

export type RatingsSummary = ReturnType<typeof summariseRatings>
