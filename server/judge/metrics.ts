// Dashboard maths for an AI judge measured against the human majority (RLAIF): alignment, confusion
// matrix, Cohen's κ, position bias, calibration, agreement per subset and cost per label. Pure;
// κ and the confusion matrix come from the shared agreement statistics so the numbers match the
// rest of the dashboard.
import { cohenKappa, confusionMatrix, DEFAULT_CATEGORIES, type Category, type CohenResult, type Rating } from '../services/agreement/stats.ts'

export type JudgeMetricRow = {
  pairId: string
  /** human majority */
  human: Category
  ai: Category
  pA: number | null
  /** P("1") with A shown first / with B shown first */
  p1AB?: number | null
  p1BA?: number | null
  subset?: string
  costUsd?: number
}

export type Rate = { n: number; agree: number; rate: number | null }
export type PositionBias = {
  /** pairs judged in both orders */
  pairs: number
  /** share of those where the judge picked the same POSITION both times (a decided flip = bias) */
  samePositionRate: number | null
  /** share where it picked the same RESPONSE both times */
  consistentRate: number | null
  /** mean P("1") over every order call; 0.5 = no preference for the first position */
  meanP1: number | null
  calls: number
}
export type CalibrationBin = { lo: number; hi: number; n: number; meanConfidence: number | null; accuracy: number | null }
export type Calibration = { n: number; bins: CalibrationBin[]; brier: number | null; ece: number | null }
export type Cost = { labels: number; totalUsd: number; perLabelUsd: number | null }

const rate = (agree: number, n: number): Rate => ({ n, agree, rate: n > 0 ? agree / n : null })

/** Share of pairs where the AI label equals the human majority; TIE = TIE counts, three-way. */
export function alignment(rows: readonly JudgeMetricRow[]): Rate {
  return rate(rows.filter((r) => r.ai === r.human).length, rows.length)
}

/** confusion[i][j]: human majority categories[i], AI label categories[j] (A, B, TIE). */
export function judgeConfusion(rows: readonly JudgeMetricRow[]): number[][] {
  return confusionMatrix(rows.map((r) => [r.human, r.ai] as const))
}

export function judgeKappa(rows: readonly JudgeMetricRow[]): CohenResult {
  const ratings: Rating[] = rows.flatMap((r) => [
    { itemId: r.pairId, raterKey: 'human', choice: r.human },
    { itemId: r.pairId, raterKey: 'ai', choice: r.ai },
  ])
  return cohenKappa(ratings, 'human', 'ai', DEFAULT_CATEGORIES)
}

const isNum = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

export function positionBias(rows: readonly JudgeMetricRow[]): PositionBias {
  let pairs = 0
  let same = 0
  let consistent = 0
  const p1s: number[] = []
  for (const r of rows) {
    if (isNum(r.p1AB)) p1s.push(r.p1AB)
    if (isNum(r.p1BA)) p1s.push(r.p1BA)
    if (!isNum(r.p1AB) || !isNum(r.p1BA)) continue
    pairs++
    const [x, y] = [r.p1AB - 0.5, r.p1BA - 0.5]
    // An exact 0.5 in either order is no decision, so it is neither same position nor consistent.
    if (x * y > 0) same++
    if (x * y < 0) consistent++
  }
  return {
    pairs,
    samePositionRate: pairs ? same / pairs : null,
    consistentRate: pairs ? consistent / pairs : null,
    meanP1: p1s.length ? p1s.reduce((s, p) => s + p, 0) / p1s.length : null,
    calls: p1s.length,
  }
}

/**
 * Reliability of the judge's confidence max(pA, 1 − pA) ∈ [0.5, 1], in `bins` equal bins over that
 * range, on pairs whose human majority is not a TIE. accuracy = share where the binarised AI label
 * equals the human one. ECE = Σ_b (n_b / N)·|accuracy_b − meanConfidence_b|.
 * Brier = mean (pA − y)², y = 1 when the humans chose A, 0 for B.
 */
export function calibration(rows: readonly JudgeMetricRow[], bins = 10): Calibration {
  const acc = Array.from({ length: bins }, () => ({ n: 0, conf: 0, agree: 0 }))
  let n = 0
  let brier = 0
  for (const r of rows) {
    if (r.human === 'TIE' || !isNum(r.pA)) continue
    const confidence = Math.max(r.pA, 1 - r.pA)
    // The epsilon puts a confidence on a bin edge (0.6 is 0.0999…/0.5 above 0.5) into the upper bin.
    const b = acc[Math.min(bins - 1, Math.floor(((confidence - 0.5) / 0.5) * bins + 1e-9))]
    b.n++
    b.conf += confidence
    if (r.ai === r.human) b.agree++
    brier += (r.pA - (r.human === 'A' ? 1 : 0)) ** 2
    n++
  }
  const out = acc.map((b, i) => ({
    lo: 0.5 + (0.5 * i) / bins,
    hi: 0.5 + (0.5 * (i + 1)) / bins,
    n: b.n,
    meanConfidence: b.n ? b.conf / b.n : null,
    accuracy: b.n ? b.agree / b.n : null,
  }))
  const ece = n ? acc.reduce((s, b) => (b.n ? s + (b.n / n) * Math.abs(b.agree / b.n - b.conf / b.n) : s), 0) : null
  return { n, bins: out, brier: n ? brier / n : null, ece }
}

/** Alignment per subset (e.g. helpful / harmless), subsets sorted by name; rows without one are left out. */
export function alignmentBySubset(rows: readonly JudgeMetricRow[]): ({ subset: string } & Rate)[] {
  const groups = new Map<string, JudgeMetricRow[]>()
  for (const r of rows) if (r.subset !== undefined) groups.set(r.subset, [...(groups.get(r.subset) ?? []), r])
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subset, rs]) => ({ subset, ...alignment(rs) }))
}

/** Cost over the rows that carry one. */
export function costPerLabel(rows: readonly JudgeMetricRow[]): Cost {
  const priced = rows.filter((r) => isNum(r.costUsd))
  const totalUsd = priced.reduce((s, r) => s + r.costUsd!, 0)
  return { labels: priced.length, totalUsd, perLabelUsd: priced.length ? totalUsd / priced.length : null }
}

export function judgeMetrics(rows: readonly JudgeMetricRow[]) {
  return {
    alignment: alignment(rows),
    confusion: judgeConfusion(rows),
    categories: DEFAULT_CATEGORIES,
    kappa: judgeKappa(rows),
    positionBias: positionBias(rows),
    calibration: calibration(rows),
    bySubset: alignmentBySubset(rows),
    cost: costPerLabel(rows),
  }
}
export type JudgeMetrics = ReturnType<typeof judgeMetrics>
