// The rules of Self-Evolved Reward Learning (arXiv 2411.00418; ../shared/notes/methods.md): each
// response scored alone, s = σ(r); status 1 keeps a pair when one answer is above τ_high and the other
// below τ_low, status 2 when the two differ by more than τ_Δ; the round's learning status is the first
// active status that selects enough of the pool, and the run stops when none does, when held-out
// accuracy stops improving, or at its last round. Pure (no imports), shared by the round job, the
// run page and the tests.

export type SerStatus = 1 | 2
export type Thresholds = { tauLow: number; tauHigh: number; tauDelta: number }

export const sigmoid = (r: number) => 1 / (1 + Math.exp(-r))

/** Which rules a pair with scores sA, sB (already σ(r)) passes, and the self-label: the higher-scored side. */
export function judgeSelfPair(sA: number, sB: number, t: Thresholds): { status1: boolean; status2: boolean; choice: 'A' | 'B' } {
  const hi = Math.max(sA, sB)
  const lo = Math.min(sA, sB)
  return { status1: hi > t.tauHigh && lo < t.tauLow, status2: hi - lo > t.tauDelta, choice: sA >= sB ? 'A' : 'B' }
}

export type StatusCounts = Record<SerStatus, number>

/**
 * The round's learning status: the first active status (status 1 before status 2, as the paper
 * orders them: telling good from bad comes before telling similar answers apart) that selects at
 * least `minSelectedShare` of the pool; null when none does (the run stops).
 */
export function identifyStatus(counts: StatusCounts, poolSize: number, active: readonly SerStatus[], minSelectedShare: number): SerStatus | null {
  if (poolSize <= 0) return null
  for (const s of [1, 2] as const) {
    if (active.includes(s) && counts[s] > 0 && counts[s] / poolSize >= minSelectedShare) return s
  }
  return null
}

export type StopInput = {
  /** The round about to score the pool (1-based): round r scores with the RM trained after r − 1 approved batches. */
  round: number
  maxRounds: number
  poolSize: number
  /** Held-out human accuracy of this round's RM and of the previous round's (null on the first round). */
  accuracy: number | null
  previousAccuracy: number | null
  minAccuracyGain: number
  /** After scoring: the status identified (null: no active status selected enough) and how many pairs the best status selected. */
  scored?: { status: SerStatus | null; selected: number; minSelectedShare: number }
}

const pts = (v: number) => `${(100 * v).toFixed(1)}%`

/**
 * Whether the run ends at this round, with the reason the run page shows: checked once before the
 * round scores its pool (rounds used up, nothing left, accuracy no longer improving) and once after
 * (no active status selected enough pairs). Null: go on.
 */
export function serStopReason(x: StopInput): string | null {
  if (x.round > x.maxRounds) return `all ${x.maxRounds} rounds are done`
  if (x.poolSize === 0) return 'the pool is empty: every pair has a human or an approved self-label'
  if (x.accuracy !== null && x.previousAccuracy !== null && x.accuracy - x.previousAccuracy < x.minAccuracyGain) {
    return `held-out accuracy stopped improving: ${pts(x.accuracy)} after ${pts(x.previousAccuracy)} (the stop rule asks for at least +${(100 * x.minAccuracyGain).toFixed(1)} points)`
  }
  if (x.scored && x.scored.status === null) {
    const share = x.scored.selected / x.poolSize
    return `too few pairs selected: at most ${x.scored.selected.toLocaleString('en-US')} of ${x.poolSize.toLocaleString('en-US')} (${pts(share)}), below the stop rule's ${pts(x.scored.minSelectedShare)}`
  }
  return null
}

/** Spot-check size for a batch: a share of it, at least `minimum` pairs, never more than the batch. */
export const spotCheckSize = (batchSize: number, share: number, minimum: number) => Math.min(batchSize, Math.max(minimum, Math.ceil(share * batchSize)))
