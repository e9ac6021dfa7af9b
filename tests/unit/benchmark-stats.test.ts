// The maths of benchmark evaluations (server/lib/benchmark-stats.ts) on numbers worked out by hand:
// Wilson intervals (against the textbook values for 8/10 and 0/10), accuracy with reward ties counted
// half, both length baselines with length ties counted half, Pearson's r, per-subset rows; and the
// names of reward models (server/lib/model-names.ts).
import { describe, expect, test } from 'vitest'
import { charCount, OVERALL, pearson, summariseBenchmark, summariseSubset, wilson } from '@/server/lib/benchmark-stats.ts'
import { defaultModelName, freeName } from '@/server/lib/model-names.ts'

describe('Wilson score interval (95%)', () => {
  test('8 of 10: 80% in [49.0%, 94.3%]', () => {
    // centre = (0.8 + z²/20) / (1 + z²/10) = 0.716738; half = z/(1 + z²/10) · √(0.016 + z²/400) = 0.226576
    const r = wilson(8, 10)
    expect(r.value).toBe(0.8)
    expect(r.low).toBeCloseTo(0.490162, 5)
    expect(r.high).toBeCloseTo(0.943314, 5)
  })

  test('0 of 10: not a zero-width interval; the upper end is (z²/n) / (1 + z²/n)', () => {
    const r = wilson(0, 10)
    expect(r.low).toBe(0)
    expect(r.high).toBeCloseTo(0.384146 / 1.384146, 6)
    expect(wilson(10, 10).low).toBeCloseTo(1 - 0.384146 / 1.384146, 6)
  })

  test('half successes (ties) are allowed; the interval is symmetric around 50% at 2.5 of 5', () => {
    const r = wilson(2.5, 5)
    expect(r.value).toBe(0.5)
    expect(r.low + r.high).toBeCloseTo(1, 12)
    expect(() => wilson(0, 0)).toThrow(/n must be > 0/)
  })
})

describe('Pearson r', () => {
  test('a line is 1, a hand-computed case is -0.5, a constant series has none', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12)
    // dx = -1, 0, 1; dy = 1, -1, 0: Σdxdy = -1, Σdx² = Σdy² = 2
    expect(pearson([1, 2, 3], [3, 1, 2])).toBeCloseTo(-0.5, 12)
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull()
    expect(pearson([1], [1])).toBeNull()
  })
})

describe('one subset', () => {
  // chosen/rejected rewards: win, tie, loss, win → accuracy (1 + ½ + 0 + 1) / 4 = 62.5%
  // chosen/rejected lengths: longer, equal, shorter, longer → longer wins 2.5 / 4, shorter 1.5 / 4
  const pairs = [
    { subset: 's', chosen: 2, rejected: 1, chosenChars: 10, rejectedChars: 5 },
    { subset: 's', chosen: 1, rejected: 1, chosenChars: 3, rejectedChars: 3 },
    { subset: 's', chosen: 0, rejected: 3, chosenChars: 2, rejectedChars: 8 },
    { subset: 's', chosen: 5, rejected: 4, chosenChars: 7, rejectedChars: 1 },
  ]
  const r = summariseSubset('s', pairs)

  test('accuracy counts equal rewards half; both baselines count equal lengths half', () => {
    expect(r.n).toBe(4)
    expect(r.accuracy.value).toBe(0.625)
    expect(r.longer.value).toBe(0.625)
    expect(r.shorter.value).toBe(0.375)
    expect([r.rewardTies, r.lengthTies]).toEqual([1, 1])
    expect(r.meanMargin).toBe((1 + 0 - 3 + 1) / 4)
    expect(r.accuracy).toEqual(wilson(2.5, 4))
    expect(r.shorter).toEqual(wilson(1.5, 4))
  })

  test('the length correlation is over all 8 responses', () => {
    expect(r.lengthCorrelation).toBeCloseTo(pearson([2, 1, 1, 1, 0, 3, 5, 4], [10, 5, 3, 3, 2, 8, 7, 1])!, 12)
  })
})

describe('a set', () => {
  test('subsets sorted by name beside the row over all pairs', () => {
    const mk = (subset: string, chosen: number) => ({ subset, chosen, rejected: 0, chosenChars: 1, rejectedChars: 2 })
    const res = summariseBenchmark([mk('zeta', 1), mk('alpha', -1), mk('zeta', 1), mk('alpha', 1)])
    expect(res.subsets.map((s) => [s.subset, s.n, s.accuracy.value])).toEqual([['alpha', 2, 0.5], ['zeta', 2, 1]])
    expect(res.overall).toMatchObject({ subset: OVERALL, n: 4, accuracy: { value: 0.75 }, longer: { value: 0 }, shorter: { value: 1 } })
    expect(() => summariseBenchmark([])).toThrow(/no pairs/)
  })

  test('characters are code points: an emoji is one, as PostgreSQL char_length counts', () => {
    expect(charCount('a😀b')).toBe(3)
    expect(charCount('héllo')).toBe(5)
    expect(charCount('')).toBe(0)
  })
})

describe('reward model names', () => {
  test('a taken name gets the first free number; the default skips names in use', () => {
    expect(freeName('baseline', [])).toBe('baseline')
    expect(freeName('baseline', ['baseline', 'baseline (2)', 'baseline (4)'])).toBe('baseline (3)')
    expect(defaultModelName([])).toBe('Reward model 1')
    // Two models, one deleted earlier: "Reward model 3" is still there, so the default moves on.
    expect(defaultModelName(['Reward model 1', 'Reward model 3'])).toBe('Reward model 4')
  })
})
