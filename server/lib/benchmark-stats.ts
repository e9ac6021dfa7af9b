// The maths of a benchmark evaluation, one rule for the server (which stores the results) and the
// tests: accuracy of a reward model (reward of chosen > rejected; equal rewards count half), the two
// length baselines (always prefer the longer response; always the shorter; equal lengths count half),
// each with its 95% Wilson score interval, and the Pearson correlation of reward with response length
// in characters over both responses of every pair. Pure (no imports), so a page may use it too.

/** z for a two-sided 95% interval: the normal distribution's 97.5th percentile. */
export const Z95 = 1.959963984540054

/** A share of pairs and its 95% Wilson score interval. */
export type Rate = { value: number; low: number; high: number }

export type ScoredPair = { subset: string; chosen: number; rejected: number; chosenChars: number; rejectedChars: number }

export type SubsetResult = {
  subset: string
  n: number
  /** Pairs where the chosen response gets the higher reward (equal rewards count half). */
  accuracy: Rate
  /** Baseline "the longer response wins" (equal lengths count half). */
  longer: Rate
  /** Baseline "the shorter response wins": 1 − longer, with its own interval. */
  shorter: Rate
  /** Pairs whose two rewards are exactly equal (each counted half in accuracy). */
  rewardTies: number
  /** Pairs whose two responses have the same length (each counted half in both baselines). */
  lengthTies: number
  /** Pearson r of reward with response length in characters, over the 2n responses; null when either does not vary. */
  lengthCorrelation: number | null
  /** Mean reward(chosen) − reward(rejected). */
  meanMargin: number
}

export type BenchmarkResults = { overall: SubsetResult; subsets: SubsetResult[] }

/** The name of the row over every pair of the set. */
export const OVERALL = 'all pairs'

/**
 * Wilson score interval of `successes` out of `n` (successes may be fractional: ties count half).
 * Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is not zero-width at 0% or 100%.
 */
export function wilson(successes: number, n: number, z = Z95): Rate {
  if (!(n > 0)) throw new RangeError('wilson: n must be > 0')
  const p = successes / n
  const z2 = z * z
  const denom = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denom
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}

/** Pearson's r of two equally long series; null when fewer than 2 points or either is constant. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length
  if (n !== ys.length) throw new RangeError('pearson: series of different lengths')
  if (n < 2) return null
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) { mx += xs[i]; my += ys[i] }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx
    const dy = ys[i] - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  if (sxx === 0 || syy === 0) return null
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
}

/** 1 when a > b, ½ when equal, 0 when a < b: one pair's credit. */
const credit = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0)

export function summariseSubset(subset: string, pairs: readonly ScoredPair[]): SubsetResult {
  const n = pairs.length
  let correct = 0
  let longer = 0
  let rewardTies = 0
  let lengthTies = 0
  let margin = 0
  const lengths: number[] = []
  const rewards: number[] = []
  for (const p of pairs) {
    correct += credit(p.chosen, p.rejected)
    longer += credit(p.chosenChars, p.rejectedChars)
    if (p.chosen === p.rejected) rewardTies++
    if (p.chosenChars === p.rejectedChars) lengthTies++
    margin += p.chosen - p.rejected
    lengths.push(p.chosenChars, p.rejectedChars)
    rewards.push(p.chosen, p.rejected)
  }
  return {
    subset, n,
    accuracy: wilson(correct, n), longer: wilson(longer, n), shorter: wilson(n - longer, n),
    rewardTies, lengthTies, lengthCorrelation: pearson(rewards, lengths), meanMargin: margin / n,
  }
}

/** Per subset (sorted by name) and over all pairs; a set with one subset still gets both rows. */
export function summariseBenchmark(pairs: readonly ScoredPair[]): BenchmarkResults {
  if (!pairs.length) throw new RangeError('summariseBenchmark: no pairs')
  const bySubset = new Map<string, ScoredPair[]>()
  for (const p of pairs) {
    const list = bySubset.get(p.subset)
    if (list) list.push(p)
    else bySubset.set(p.subset, [p])
  }
  const names = [...bySubset.keys()].sort((a, b) => a.localeCompare(b))
  return { overall: summariseSubset(OVERALL, pairs), subsets: names.map((s) => summariseSubset(s, bySubset.get(s)!)) }
}

/** Length in characters as a reader counts them (Unicode code points, not UTF-16 units). */
export function charCount(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}
