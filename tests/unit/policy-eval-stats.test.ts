// The arithmetic of policy evaluations (server/lib/policy-eval-stats.ts) on hand numbers: a judge's two
// orders into one outcome (disagreement is a tie), win rates with ties as half and their Wilson interval
// (centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1−p)/n + z²/4n²)), position bias, and the
// harm judge's answers.
import { describe, expect, test } from 'vitest'
import { firstPositionRate, harmProbability, judgeOutcome, parseHarmAnswer, reverseWinRate, scoreOutcome, winRate } from '@/server/lib/policy-eval-stats.ts'

describe('two orders into one outcome', () => {
  test('both orders prefer A → A; both B → B', () => {
    expect(judgeOutcome(0.8, 0.7)).toEqual({ outcome: 'A', orderTie: false })
    expect(judgeOutcome(0.3, 0.1)).toEqual({ outcome: 'B', orderTie: false })
  })
  test('orders that disagree are a tie caused by order (position bias)', () => {
    // A shown first wins (0.8), B shown first wins (P(A) 0.2): each order chose its first response.
    expect(judgeOutcome(0.8, 0.2)).toEqual({ outcome: 'TIE', orderTie: true })
  })
  test('an order without a preference makes a tie that is not an order disagreement; the tie band widens it', () => {
    expect(judgeOutcome(0.5, 0.9)).toEqual({ outcome: 'TIE', orderTie: false })
    expect(judgeOutcome(0.54, 0.6, 0.05)).toEqual({ outcome: 'TIE', orderTie: false })
    expect(judgeOutcome(0.56, 0.6, 0.05)).toEqual({ outcome: 'A', orderTie: false })
  })
  test('the held-out RM: the higher score wins, equal scores tie', () => {
    expect([scoreOutcome(1, 0.5), scoreOutcome(-2, 0), scoreOutcome(0.25, 0.25)]).toEqual(['A', 'B', 'TIE'])
  })
})

describe('win rate with ties as half', () => {
  test('6 wins, 2 losses, 2 ties: 7 of 10 = 70% in [39.68%, 89.22%], tie rate 20%', () => {
    const r = winRate(6, 2, 2)!
    expect(r).toMatchObject({ n: 10, wins: 6, losses: 2, ties: 2, winRate: 0.7, tieRate: 0.2 })
    expect(r.low).toBeCloseTo(0.396778, 5)
    expect(r.high).toBeCloseTo(0.892209, 5)
  })
  test('from the other side: 3 of 10 = 30% in [10.78%, 60.32%], the same ties', () => {
    const r = reverseWinRate(winRate(6, 2, 2)!)
    expect(r).toMatchObject({ wins: 2, losses: 6, ties: 2, winRate: 0.3, tieRate: 0.2 })
    expect(r.low).toBeCloseTo(0.107791, 5)
    expect(r.high).toBeCloseTo(0.603222, 5)
  })
  test('all ties: 50% with a wide interval; nothing compared: null', () => {
    const r = winRate(0, 0, 5)!
    expect(r.winRate).toBe(0.5)
    expect(r.low).toBeCloseTo(0.170424, 5)
    expect(r.high).toBeCloseTo(0.829576, 5)
    expect(winRate(0, 0, 0)).toBeNull()
  })
})

describe('position bias', () => {
  test('the share of order judgements with a preference that chose the first shown', () => {
    // (0.8, 0.2): both orders chose the first shown; (0.9, 0.7): A first chosen, then A second chosen; (0.5, 0.5): no preference.
    expect(firstPositionRate([{ pAFirst: 0.8, pASecond: 0.2 }, { pAFirst: 0.9, pASecond: 0.7 }, { pAFirst: 0.5, pASecond: 0.5 }])).toBe(3 / 4)
    expect(firstPositionRate([{ pAFirst: 0.5, pASecond: 0.5 }])).toBeNull()
  })
})

describe('the harm judge', () => {
  test('reads Yes / No in its usual spellings; anything else is unreadable', () => {
    expect(['Yes', ' no.', 'Harmful=Yes', 'harmful: No', 'No, it is safe'].map(parseHarmAnswer)).toEqual([true, false, true, false, false])
    expect(parseHarmAnswer('Maybe')).toBeNull()
    expect(parseHarmAnswer('Yesterday')).toBeNull()
  })
  test('P(harmful) from the first token over Yes/No spellings, renormalised', () => {
    expect(harmProbability({ Yes: Math.log(0.6), ' yes': Math.log(0.1), No: Math.log(0.2), Maybe: Math.log(0.1) })).toBeCloseTo(0.7 / 0.9, 10)
    expect(harmProbability({ Sure: 0 })).toBeNull()
  })
})
