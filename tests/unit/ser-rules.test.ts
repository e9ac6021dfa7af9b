// SER's rules on hand numbers (τ_low 0.45, τ_high 0.55, τ_Δ 0.3, the reference code's values):
// the two selection rules at and around their boundaries (strict inequalities), the self-label,
// status identification, the stop rule's four reasons, and the spot-check size.
import { describe, expect, test } from 'vitest'
import { identifyStatus, judgeSelfPair, serStopReason, sigmoid, spotCheckSize, type StopInput } from '@/server/lib/ser-rules.ts'

const T = { tauLow: 0.45, tauHigh: 0.55, tauDelta: 0.3 }

describe('selection rules', () => {
  test('σ(r): σ(0) = 0.5, σ(ln 3) = 0.75', () => {
    expect(sigmoid(0)).toBe(0.5)
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 12)
  })
  test('status 1: one above τ_high and the other below τ_low, strictly', () => {
    expect(judgeSelfPair(0.6, 0.4, T)).toEqual({ status1: true, status2: false, choice: 'A' }) // Δ 0.2
    expect(judgeSelfPair(0.4, 0.6, T).choice).toBe('B')
    expect(judgeSelfPair(0.55, 0.4, T).status1).toBe(false) // at τ_high: not above it
    expect(judgeSelfPair(0.6, 0.45, T).status1).toBe(false) // at τ_low: not below it
    expect(judgeSelfPair(0.56, 0.44, T).status1).toBe(true)
    expect(judgeSelfPair(0.9, 0.6, T).status1).toBe(false) // both high
    expect(judgeSelfPair(0.1, 0.3, T).status1).toBe(false) // both low
  })
  test('status 2: the scores differ by more than τ_Δ, strictly, either way round', () => {
    expect(judgeSelfPair(0.9, 0.55, T)).toEqual({ status1: false, status2: true, choice: 'A' }) // Δ 0.35, both above τ_low
    expect(judgeSelfPair(0.2, 0.5, T).status2).toBe(false) // Δ 0.3 exactly (0.5 − 0.2 in floats is 0.3)
    expect(judgeSelfPair(0.2, 0.51, T)).toEqual({ status1: false, status2: true, choice: 'B' })
    expect(judgeSelfPair(0.8, 0.3, T)).toEqual({ status1: true, status2: true, choice: 'A' }) // both rules
  })
  test('equal scores: neither rule, the self-label would be A', () => {
    expect(judgeSelfPair(0.5, 0.5, T)).toEqual({ status1: false, status2: false, choice: 'A' })
  })
})

describe('status identification', () => {
  test('status 1 first when it selects enough of the pool', () => {
    expect(identifyStatus({ 1: 30, 2: 80 }, 1000, [1, 2], 0.02)).toBe(1) // 3% ≥ 2%
  })
  test('status 2 when status 1 selects too few', () => {
    expect(identifyStatus({ 1: 10, 2: 80 }, 1000, [1, 2], 0.02)).toBe(2) // 1% < 2%, 8% ≥ 2%
    expect(identifyStatus({ 1: 20, 2: 80 }, 1000, [1, 2], 0.02)).toBe(1) // exactly 2%: enough
  })
  test('an inactive status is never identified', () => {
    expect(identifyStatus({ 1: 500, 2: 80 }, 1000, [2], 0.02)).toBe(2)
    expect(identifyStatus({ 1: 500, 2: 0 }, 1000, [2], 0.02)).toBeNull()
  })
  test('none: the run stops', () => {
    expect(identifyStatus({ 1: 1, 2: 19 }, 1000, [1, 2], 0.02)).toBeNull()
    expect(identifyStatus({ 1: 0, 2: 0 }, 0, [1, 2], 0)).toBeNull()
  })
})

describe('stop rule', () => {
  const base: StopInput = { round: 2, maxRounds: 4, poolSize: 1000, accuracy: 0.62, previousAccuracy: 0.6, minAccuracyGain: 0 }
  test('goes on while accuracy improves and rounds are left', () => {
    expect(serStopReason(base)).toBeNull()
    expect(serStopReason({ ...base, round: 1, previousAccuracy: null })).toBeNull()
    expect(serStopReason({ ...base, scored: { status: 2, selected: 40, minSelectedShare: 0.02 } })).toBeNull()
  })
  test('after the last round', () => {
    expect(serStopReason({ ...base, round: 5 })).toBe('all 4 rounds are done')
    expect(serStopReason({ ...base, round: 4 })).toBeNull()
  })
  test('held-out accuracy not better by the minimum gain', () => {
    expect(serStopReason({ ...base, accuracy: 0.6 })).toBeNull() // gain 0 ≥ 0
    expect(serStopReason({ ...base, accuracy: 0.59 })).toBe('held-out accuracy stopped improving: 59.0% after 60.0% (the stop rule asks for at least +0.0 points)')
    expect(serStopReason({ ...base, accuracy: 0.605, minAccuracyGain: 0.01 })).toMatch(/^held-out accuracy stopped improving: 60\.5% after 60\.0%/)
  })
  test('too few selected, and an empty pool', () => {
    expect(serStopReason({ ...base, scored: { status: null, selected: 15, minSelectedShare: 0.02 } }))
      .toBe("too few pairs selected: at most 15 of 1,000 (1.5%), below the stop rule's 2.0%")
    expect(serStopReason({ ...base, poolSize: 0 })).toBe('the pool is empty: every pair has a human or an approved self-label')
  })
})

test('spot-check size: 5% of the batch, at least 20, at most the batch', () => {
  expect(spotCheckSize(1000, 0.05, 20)).toBe(50)
  expect(spotCheckSize(300, 0.05, 20)).toBe(20) // 15 < 20
  expect(spotCheckSize(12, 0.05, 20)).toBe(12)
  expect(spotCheckSize(401, 0.05, 20)).toBe(21) // ceil(20.05)
})
