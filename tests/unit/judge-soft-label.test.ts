// RLAIF arithmetic against hand-computed numbers: soft labels, order averaging, d-RLAIF ratings,
// text fallbacks and binarisation. Each expected value has its arithmetic beside it.
import { describe, expect, test } from 'vitest'
import {
  averageOrders,
  parseHardAnswer,
  parseRating,
  ratingScore,
  rescaleRating,
  softLabelFromLogprobs,
  toChoice,
} from '@/server/judge/soft-label'

const ln = Math.log

describe('softLabelFromLogprobs', () => {
  test('softmax over "1" and "2" only', () => {
    // 0.6 / (0.6 + 0.2) = 0.75; the 0.2 on "Response" is not part of the softmax
    expect(softLabelFromLogprobs({ '1': ln(0.6), '2': ln(0.2), Response: ln(0.2) })).toBeCloseTo(0.75, 12)
  })
  test('spellings of one digit are added before the softmax', () => {
    // "1" = 0.3 + 0.3 = 0.6 (log-sum-exp), "2" = 0.1 + 0.1 = 0.2 → 0.75
    expect(softLabelFromLogprobs({ '1': ln(0.3), ' 1': ln(0.3), '2\n': ln(0.1), ' 2': ln(0.1) })).toBeCloseTo(0.75, 12)
  })
  test('stable for very negative log-probs', () => {
    // 1 / (1 + e^(−1001 + 1000)) = 1 / (1 + e^−1) = 0.7310585786300049
    expect(softLabelFromLogprobs({ '1': -1000, '2': -1001 })).toBeCloseTo(0.7310585786300049, 12)
  })
  test('a missing digit has probability 0; neither present is null', () => {
    expect(softLabelFromLogprobs({ '1': ln(0.5), The: ln(0.5) })).toBe(1)
    expect(softLabelFromLogprobs({ ' 2': ln(0.4) })).toBe(0)
    expect(softLabelFromLogprobs({ Response: ln(0.9), '12': ln(0.1) })).toBeNull()
    expect(softLabelFromLogprobs({})).toBeNull()
  })
})

test('averageOrders uses 1 − P("1") of the swapped order', () => {
  // (0.75 + (1 − 0.4)) / 2 = 0.675
  expect(averageOrders(0.75, 0.4)).toBeCloseTo(0.675, 12)
  // a judge that always says "1" with 0.9 is pure position bias: (0.9 + 0.1) / 2 = 0.5
  expect(averageOrders(0.9, 0.9)).toBeCloseTo(0.5, 12)
})

describe('d-RLAIF rating', () => {
  test('expected rating over the digits present, renormalised', () => {
    // 6·0.2 + 7·0.6 + 8·0.2 = 1.2 + 4.2 + 1.6 = 7.0
    expect(ratingScore({ '6': ln(0.2), '7': ln(0.6), '8': ln(0.2) })).toBeCloseTo(7, 12)
    // "x", "11" and "0" are not ratings: 10·(0.4/0.6) + 9·(0.2/0.6) = 20/3 + 3 = 29/3
    expect(ratingScore({ '10': ln(0.4), ' 9': ln(0.2), x: ln(0.3), '11': ln(0.05), '0': ln(0.05) })).toBeCloseTo(29 / 3, 12)
    expect(ratingScore({ A: 0 })).toBeNull()
  })
  test('rescaled to [−1, 1]', () => {
    expect(rescaleRating(1)).toBe(-1)
    expect(rescaleRating(10)).toBe(1)
    expect(rescaleRating(5.5)).toBeCloseTo(0, 12)
    // (29/3 − 1) / 9 · 2 − 1 = (26/27)·2 − 1 = 25/27
    expect(rescaleRating(29 / 3)).toBeCloseTo(25 / 27, 12)
  })
})

test('parseHardAnswer reads 1 / 2 from text', () => {
  expect(parseHardAnswer('Preferred Response=2')).toEqual({ p: 0 })
  expect(parseHardAnswer('Preferred Response: **1**')).toEqual({ p: 1 })
  expect(parseHardAnswer('Response 1')).toEqual({ p: 1 })
  expect(parseHardAnswer('2')).toEqual({ p: 0 })
  expect(parseHardAnswer(' 1.')).toEqual({ p: 1 })
  // the explicit answer wins over an earlier mention
  expect(parseHardAnswer('Response 1 is long but wrong. Preferred Response = 2')).toEqual({ p: 0 })
  expect(parseHardAnswer('10')).toBeNull()
  expect(parseHardAnswer('I cannot decide.')).toBeNull()
  expect(parseHardAnswer('')).toBeNull()
})

test('parseRating reads 1..10', () => {
  expect(parseRating('Rating=7')).toBe(7)
  expect(parseRating('10')).toBe(10)
  expect(parseRating('7/10')).toBe(7)
  expect(parseRating('I give it 8 out of 10')).toBe(8)
  expect(parseRating('11')).toBeNull()
  expect(parseRating('0')).toBeNull()
  expect(parseRating('7.5')).toBeNull()
  expect(parseRating('great')).toBeNull()
})

test('toChoice binarises with an optional tie band', () => {
  expect(toChoice(0.5)).toBe('TIE')
  expect(toChoice(0.500001)).toBe('A')
  expect(toChoice(0.49)).toBe('B')
  expect(toChoice(0.54, 0.05)).toBe('TIE')
  expect(toChoice(0.56, 0.05)).toBe('A')
  expect(toChoice(0.44, 0.05)).toBe('B')
})
