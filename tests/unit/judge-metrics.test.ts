// AI-judge dashboard maths on small hand-computed cases (arithmetic in the comments).
import { expect, test } from 'vitest'
import {
  alignment,
  alignmentBySubset,
  calibration,
  costPerLabel,
  judgeConfusion,
  judgeKappa,
  positionBias,
  type JudgeMetricRow,
} from '@/server/judge/metrics'

const row = (pairId: string, human: JudgeMetricRow['human'], ai: JudgeMetricRow['ai'], extra: Partial<JudgeMetricRow> = {}): JudgeMetricRow => ({
  pairId,
  human,
  ai,
  pA: null,
  ...extra,
})

// human → ai: A→A, A→A, A→B, B→B, B→TIE, TIE→TIE, TIE→A, B→B
const rows = [
  row('1', 'A', 'A', { subset: 'helpful', costUsd: 0.002 }),
  row('2', 'A', 'A', { subset: 'helpful', costUsd: 0.004 }),
  row('3', 'A', 'B', { subset: 'harmless' }),
  row('4', 'B', 'B', { subset: 'harmless' }),
  row('5', 'B', 'TIE', { subset: 'harmless' }),
  row('6', 'TIE', 'TIE'),
  row('7', 'TIE', 'A'),
  row('8', 'B', 'B'),
]

test('alignment, confusion and κ', () => {
  // agreements: pairs 1, 2, 4, 6, 8 → 5 / 8
  expect(alignment(rows)).toEqual({ n: 8, agree: 5, rate: 0.625 })
  expect(judgeConfusion(rows)).toEqual([
    [2, 1, 0], // human A: ai A, B, TIE
    [0, 2, 1], // human B
    [1, 0, 1], // human TIE
  ])
  // p_o = 5/8; marginals human (3, 3, 2), ai (3, 3, 2): p_e = (9 + 9 + 4) / 64 = 22/64
  // κ = (40/64 − 22/64) / (42/64) = 18/42 = 3/7
  const k = judgeKappa(rows)
  expect(k.n).toBe(8)
  expect(k.kappa).toBeCloseTo(3 / 7, 12)
})

test('alignment by subset and cost per label', () => {
  // harmless: 3 → B (no), 4 (yes), 5 (no) → 1/3; helpful: 2/2; rows 6–8 have no subset
  expect(alignmentBySubset(rows)).toEqual([
    { subset: 'harmless', n: 3, agree: 1, rate: 1 / 3 },
    { subset: 'helpful', n: 2, agree: 2, rate: 1 },
  ])
  // (0.002 + 0.004) / 2 priced rows
  const c = costPerLabel(rows)
  expect(c.labels).toBe(2)
  expect(c.perLabelUsd).toBeCloseTo(0.003, 12)
})

test('position bias', () => {
  const pb = positionBias([
    row('a', 'A', 'A', { p1AB: 0.8, p1BA: 0.3 }), // picks A both times: consistent
    row('b', 'A', 'A', { p1AB: 0.7, p1BA: 0.6 }), // "1" both times: same position
    row('c', 'B', 'B', { p1AB: 0.4, p1BA: 0.45 }), // "2" both times: same position
    row('d', 'B', 'B', { p1AB: 0.5, p1BA: 0.9 }), // undecided in one order: neither
    row('e', 'A', 'A', { p1AB: 0.9, p1BA: null }), // one order only: in the mean, not in the pairs
  ])
  expect(pb.pairs).toBe(4)
  expect(pb.samePositionRate).toBe(2 / 4)
  expect(pb.consistentRate).toBe(1 / 4)
  // (0.8 + 0.3 + 0.7 + 0.6 + 0.4 + 0.45 + 0.5 + 0.9 + 0.9) / 9 = 5.55 / 9
  expect(pb.calls).toBe(9)
  expect(pb.meanP1).toBeCloseTo(5.55 / 9, 12)
  expect(positionBias([row('x', 'A', 'A')]).samePositionRate).toBeNull()
})

test('calibration: bins, Brier, ECE', () => {
  const cal = calibration([
    row('a', 'A', 'A', { pA: 0.9 }), // conf 0.9 → bin 8, right, (0.9 − 1)² = 0.01
    row('b', 'A', 'B', { pA: 0.3 }), // conf 0.7 → bin 4, wrong, (0.3 − 1)² = 0.49
    row('c', 'B', 'B', { pA: 0.2 }), // conf 0.8 → bin 6, right, 0.2² = 0.04
    row('d', 'B', 'A', { pA: 0.72 }), // conf 0.72 → bin 4, wrong, 0.72² = 0.5184
    row('e', 'TIE', 'A', { pA: 0.6 }), // human tie: left out
    row('f', 'A', 'A', { pA: null }), // no probability: left out
    row('g', 'B', 'A', { pA: 1 }), // conf 1 → last bin 9, wrong, 1² = 1
  ])
  expect(cal.n).toBe(5)
  expect(cal.bins).toHaveLength(10)
  expect(cal.bins.map((b) => b.n)).toEqual([0, 0, 0, 0, 2, 0, 1, 0, 1, 1])
  expect(cal.bins[4].lo).toBeCloseTo(0.7, 12)
  expect(cal.bins[4].meanConfidence).toBeCloseTo(0.71, 12)
  expect(cal.bins[4].accuracy).toBe(0)
  expect(cal.bins[0].accuracy).toBeNull()
  // (0.01 + 0.49 + 0.04 + 0.5184 + 1) / 5 = 2.0584 / 5
  expect(cal.brier).toBeCloseTo(0.41168, 12)
  // 2/5·|0 − 0.71| + 1/5·|1 − 0.8| + 1/5·|1 − 0.9| + 1/5·|0 − 1| = 0.284 + 0.04 + 0.02 + 0.2
  expect(cal.ece).toBeCloseTo(0.544, 12)
})

test('calibration puts a confidence on a bin edge into the upper bin', () => {
  // 0.6 and 0.4 both have confidence 0.6 = the lower edge of bin 2
  const cal = calibration([row('a', 'A', 'A', { pA: 0.6 }), row('b', 'B', 'B', { pA: 0.4 })])
  expect(cal.bins[2].n).toBe(2)
  expect(cal.bins[1].n).toBe(0)
  expect(calibration([]).ece).toBeNull()
})
