/**
 * Inter-annotator agreement over categorical labels (preference choices A / B / TIE by default;
 * any label set via `categories`). Pure functions over flat rating rows, so the dashboard, the
 * exports and the AI-judge comparison share one implementation; nothing here touches a database.
 *
 * Conventions shared by every function taking rating rows:
 * - A rater's repeated rating of one item counts once (the last row wins), so a duplicate row
 *   cannot make a rater agree with themself.
 * - A label outside `categories` throws RangeError: dropping it silently would bias every statistic.
 * - A statistic whose denominator vanishes (no overlap, nothing pairable, or a single label used
 *   throughout so chance agreement is 1) is null, never NaN; its companion counts are then 0.
 *
 * Definitions (n_ij = ratings of item i in category j, n_i = ratings of item i):
 * - Cohen: κ = (p_o − p_e) / (1 − p_e) over items both raters labelled, p_e = Σ_c p_X(c)·p_Y(c)
 *   from each rater's own marginals on those shared items.
 * - Fleiss, items with n_i ≥ 2 only, n_i may vary:
 *     P_i = (Σ_j n_ij² − n_i) / (n_i(n_i − 1)),  P̄ = mean_i P_i,
 *     p_j = Σ_i n_ij / Σ_i n_i,  P_e = Σ_j p_j²,  κ = (P̄ − P_e) / (1 − P_e).
 *   With constant n_i this is Fleiss (1971). With varying n_i every item weighs equally in P̄
 *   while every rating weighs equally in p_j.
 * - Krippendorff, nominal: coincidences o_ck = Σ_u (ordered c–k value pairs in unit u) / (m_u − 1)
 *   over units with m_u ≥ 2 values; n_c = Σ_k o_ck, n = Σ_c n_c;
 *     α = 1 − D_o/D_e = ((n − 1)·Σ_c o_cc − Σ_c n_c(n_c − 1)) / (n(n − 1) − Σ_c n_c(n_c − 1)).
 * - Majority agreement, leave-one-out: for each item a rater labelled, the reference is the strict
 *   unique plurality of the OTHER raters on that item; the rater is excluded from their own
 *   reference (else their vote props it up). Items where the others are absent or tied are not
 *   counted for that rater. rate = agree / n, null when n = 0.
 */

export type Category = 'A' | 'B' | 'TIE'
export type Rating = { itemId: string; raterKey: string; choice: Category }
/** The shape every function reads; `Rating` is the preference-specific instance. */
export type LabelledRating = { itemId: string; raterKey: string; choice: string }

export const DEFAULT_CATEGORIES: readonly Category[] = ['A', 'B', 'TIE']

export type CohenResult = { kappa: number | null; n: number; observed: number; expected: number }
export type PairwiseCohenRow = { raterX: string; raterY: string } & CohenResult
export type FleissResult = { kappa: number | null; items: number; meanRaters: number; observed: number; expected: number }
export type AlphaResult = { alpha: number | null; items: number; pairable: number }
export type RaterMajorityAgreement = { raterKey: string; n: number; agree: number; rate: number | null }

/** raterKey → category index for one item. */
type ItemRatings = Map<string, number>

// Code-unit order, not localeCompare: stable across machines and locales.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const zeros = (k: number): number[] => new Array<number>(k).fill(0)

function indexer(categories: readonly string[]): (label: string) => number {
  const index = new Map(categories.map((c, i) => [c, i] as const))
  return (label) => {
    const i = index.get(label)
    if (i === undefined) throw new RangeError(`label "${label}" is not one of: ${categories.join(', ')}`)
    return i
  }
}

/** itemId → (raterKey → category index): the single pass over all rows every statistic starts from. */
function groupByItem(ratings: readonly LabelledRating[], categories: readonly string[]): Map<string, ItemRatings> {
  const indexOf = indexer(categories)
  const items = new Map<string, ItemRatings>()
  for (const r of ratings) {
    let byRater = items.get(r.itemId)
    if (!byRater) items.set(r.itemId, (byRater = new Map()))
    byRater.set(r.raterKey, indexOf(r.choice))
  }
  return items
}

function countsOf(byRater: ItemRatings, k: number): number[] {
  const counts = zeros(k)
  for (const c of byRater.values()) counts[c]++
  return counts
}

/** Category counts of every item with ≥ 2 ratings; a lone rating can neither agree nor disagree. */
function pairableCounts(ratings: readonly LabelledRating[], categories: readonly string[]): number[][] {
  const out: number[][] = []
  for (const byRater of groupByItem(ratings, categories).values()) {
    if (byRater.size >= 2) out.push(countsOf(byRater, categories.length))
  }
  return out
}

/** Index of the strict unique maximum of positive counts, or null on a tie / all zero. */
function uniqueMax(counts: readonly number[]): number | null {
  let best = -1
  let max = 0
  let tied = false
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > max) [best, max, tied] = [i, counts[i], false]
    else if (counts[i] === max && max > 0) tied = true
  }
  return best >= 0 && !tied ? best : null
}

/** Cohen's κ from a confusion matrix (rows rater X, columns rater Y): the SQL aggregates' entry point too. */
export function kappaFromMatrix(matrix: readonly (readonly number[])[]): CohenResult {
  const k = matrix.length
  const rows = zeros(k)
  const cols = zeros(k)
  let n = 0
  let agree = 0
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const m = matrix[i][j]
      n += m
      rows[i] += m
      cols[j] += m
      if (i === j) agree += m
    }
  }
  if (n === 0) return { kappa: null, n: 0, observed: 0, expected: 0 }
  let chance = 0
  for (let i = 0; i < k; i++) chance += rows[i] * cols[i]
  // Integer numerator and denominator make `expected` exactly 1 when both raters used one label.
  const expected = chance / (n * n)
  const observed = agree / n
  return { kappa: expected === 1 ? null : (observed - expected) / (1 - expected), n, observed, expected }
}

/** Cohen's kappa of two raters over the items both labelled. */
export function cohenKappa(
  ratings: readonly LabelledRating[],
  raterX: string,
  raterY: string,
  categories: readonly string[] = DEFAULT_CATEGORIES,
): CohenResult {
  // Only the two raters' rows matter; filtering first keeps this linear in the rows.
  const relevant = ratings.filter((r) => r.raterKey === raterX || r.raterKey === raterY)
  const matrix = categories.map(() => zeros(categories.length))
  for (const byRater of groupByItem(relevant, categories).values()) {
    const x = byRater.get(raterX)
    const y = byRater.get(raterY)
    if (x !== undefined && y !== undefined) matrix[x][y]++
  }
  return kappaFromMatrix(matrix)
}

/**
 * Cohen's kappa for every rater pair sharing ≥ minOverlap items, raterX < raterY, sorted by
 * (raterX, raterY). Pairs that never share an item are not listed whatever minOverlap is.
 */
export function pairwiseCohen(
  ratings: readonly LabelledRating[],
  { minOverlap = 1, categories = DEFAULT_CATEGORIES }: { minOverlap?: number; categories?: readonly string[] } = {},
): PairwiseCohenRow[] {
  const k = categories.length
  // One confusion matrix per pair, filled item by item: cost is Σ_items raters², not rows².
  const matrices = new Map<string, Map<string, number[][]>>()
  for (const byRater of groupByItem(ratings, categories).values()) {
    const raters = [...byRater].sort(([a], [b]) => compare(a, b))
    for (let i = 0; i < raters.length; i++) {
      const [x, cx] = raters[i]
      let row = matrices.get(x)
      if (!row) matrices.set(x, (row = new Map()))
      for (let j = i + 1; j < raters.length; j++) {
        const [y, cy] = raters[j]
        let m = row.get(y)
        if (!m) row.set(y, (m = categories.map(() => zeros(k))))
        m[cx][cy]++
      }
    }
  }
  const out: PairwiseCohenRow[] = []
  for (const [raterX, row] of matrices) {
    for (const [raterY, m] of row) {
      const r = kappaFromMatrix(m)
      if (r.n >= minOverlap) out.push({ raterX, raterY, ...r })
    }
  }
  return out.sort((a, b) => compare(a.raterX, b.raterX) || compare(a.raterY, b.raterY))
}

/** Fleiss' kappa, generalised to a varying number of raters per item (see header). */
export function fleissKappa(
  ratings: readonly LabelledRating[],
  categories: readonly string[] = DEFAULT_CATEGORIES,
): FleissResult {
  return fleissFromSums(sufficientSums(pairableCounts(ratings, categories), categories.length))
}

/** Krippendorff's alpha, nominal metric, missing ratings allowed (see header). */
export function krippendorffAlpha(
  ratings: readonly LabelledRating[],
  categories: readonly string[] = DEFAULT_CATEGORIES,
): AlphaResult {
  return alphaFromSums(sufficientSums(pairableCounts(ratings, categories), categories.length))
}

/** Sums over the pairable items (n_i ≥ 2) that Fleiss' κ and Krippendorff's α need, nothing per item:
 *  what the SQL aggregates of the dashboard compute, so both paths share the formulas below. */
export type PairableSums = {
  items: number
  /** Σ n_i */
  ratings: number
  /** Σ_i (Σ_j n_ij² − n_i) / (n_i(n_i − 1)), Fleiss' Σ P_i */
  sumAgreement: number
  /** Σ_i Σ_j n_ij(n_ij − 1) / (n_i − 1), Krippendorff's Σ_c o_cc */
  sumCoincidence: number
  /** Σ_i n_ij per category */
  totals: number[]
}

function sufficientSums(perItem: readonly number[][], k: number): PairableSums {
  const sums: PairableSums = { items: perItem.length, ratings: 0, sumAgreement: 0, sumCoincidence: 0, totals: zeros(k) }
  for (const counts of perItem) {
    let n = 0
    let squares = 0
    counts.forEach((c, j) => {
      n += c
      squares += c * c
      sums.totals[j] += c
    })
    sums.sumAgreement += (squares - n) / (n * (n - 1))
    sums.sumCoincidence += (squares - n) / (n - 1)
    sums.ratings += n
  }
  return sums
}

export function fleissFromSums({ items, ratings: used, sumAgreement, totals }: PairableSums): FleissResult {
  if (items === 0) return { kappa: null, items: 0, meanRaters: 0, observed: 0, expected: 0 }
  const observed = sumAgreement / items
  // Σ t² / N² from integers, so a single label used throughout gives exactly 1.
  const expected = totals.reduce((s, t) => s + t * t, 0) / (used * used)
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected)
  return { kappa, items, meanRaters: used / items, observed, expected }
}

export function alphaFromSums({ items, ratings: n, sumCoincidence: diagonal, totals }: PairableSums): AlphaResult {
  const chanceSame = totals.reduce((s, t) => s + t * (t - 1), 0)
  const denominator = n * (n - 1) - chanceSame
  // Zero denominator: every pairable value carries one label, so there is no variation to explain.
  const alpha = n === 0 || denominator === 0 ? null : ((n - 1) * diagonal - chanceSame) / denominator
  return { alpha, items, pairable: n }
}

/** Per rater, agreement with the leave-one-out majority of the other raters (see header). */
export function majorityAgreement(
  ratings: readonly LabelledRating[],
  categories: readonly string[] = DEFAULT_CATEGORIES,
): RaterMajorityAgreement[] {
  const tally = new Map<string, { n: number; agree: number }>()
  for (const byRater of groupByItem(ratings, categories).values()) {
    const counts = countsOf(byRater, categories.length)
    for (const [raterKey, own] of byRater) {
      let t = tally.get(raterKey)
      if (!t) tally.set(raterKey, (t = { n: 0, agree: 0 }))
      counts[own]--
      const reference = uniqueMax(counts)
      counts[own]++
      if (reference === null) continue
      t.n++
      if (reference === own) t.agree++
    }
  }
  return [...tally]
    .map(([raterKey, { n, agree }]) => ({ raterKey, n, agree, rate: n > 0 ? agree / n : null }))
    .sort((a, b) => compare(a.raterKey, b.raterKey))
}

function plurality<L extends string>(choices: readonly L[]): { label: L | null; count: number } {
  const counts = new Map<L, number>()
  for (const c of choices) counts.set(c, (counts.get(c) ?? 0) + 1)
  let label: L | null = null
  let count = 0
  let tied = false
  for (const [l, c] of counts) {
    if (c > count) [label, count, tied] = [l, c, false]
    else if (c === count) tied = true
  }
  return { label: tied ? null : label, count }
}

/** The strict unique plurality label; null for no choices or a tie at the top. */
export function majorityLabel<L extends string>(choices: readonly L[]): L | null {
  return plurality(choices).label
}

/** Share of choices equal to the plurality label (a tie at the top still counts its size); null when empty. */
export function itemAgreement(choices: readonly string[]): number | null {
  return choices.length === 0 ? null : plurality(choices).count / choices.length
}

/** Rows per label, every category present (zero when unused). Counts raw rows, duplicates included. */
export function labelDistribution(
  ratings: readonly Pick<LabelledRating, 'choice'>[],
  categories: readonly string[] = DEFAULT_CATEGORIES,
): Record<string, number> {
  const indexOf = indexer(categories)
  const counts = zeros(categories.length)
  for (const r of ratings) counts[indexOf(r.choice)]++
  return Object.fromEntries(categories.map((c, i) => [c, counts[i]]))
}

/** counts[i][j] = pairs whose first label is categories[i] and second is categories[j]. */
export function confusionMatrix(
  pairs: readonly (readonly [string, string])[],
  categories: readonly string[] = DEFAULT_CATEGORIES,
): number[][] {
  const indexOf = indexer(categories)
  const matrix = categories.map(() => zeros(categories.length))
  for (const [first, second] of pairs) matrix[indexOf(first)][indexOf(second)]++
  return matrix
}
