// Agreement statistics checked against hand-computed values. Each expected number has its
// arithmetic in a comment so a reader can redo it; published worked examples are cited.
import { describe, expect, test } from 'vitest'
import {
  cohenKappa,
  confusionMatrix,
  fleissKappa,
  itemAgreement,
  krippendorffAlpha,
  labelDistribution,
  majorityAgreement,
  majorityLabel,
  pairwiseCohen,
  type LabelledRating,
  type Rating,
} from '@/server/services/agreement/stats'

/** Two raters from a confusion table: table[i][j] items where x said cats[i] and y said cats[j]. */
function twoRaters(table: number[][], cats: string[], x = 'x', y = 'y'): LabelledRating[] {
  const out: LabelledRating[] = []
  let item = 0
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++, item++) {
        out.push({ itemId: `i${item}`, raterKey: x, choice: cats[i] })
        out.push({ itemId: `i${item}`, raterKey: y, choice: cats[j] })
      }
    }),
  )
  return out
}

/** Fleiss-style subject × category count table; raters r0, r1, … within each item. */
function fromCounts(table: number[][], cats: string[]): LabelledRating[] {
  const out: LabelledRating[] = []
  table.forEach((row, item) => {
    let rater = 0
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) out.push({ itemId: `s${item}`, raterKey: `r${rater++}`, choice: cats[j] })
    })
  })
  return out
}

/** Reliability data matrix: one row per rater, one column per unit, null = missing. */
function fromMatrix(rows: Record<string, (string | null)[]>): LabelledRating[] {
  const out: LabelledRating[] = []
  for (const [raterKey, values] of Object.entries(rows)) {
    values.forEach((v, u) => {
      if (v !== null) out.push({ itemId: `u${u + 1}`, raterKey, choice: v })
    })
  }
  return out
}

const ABT = ['A', 'B', 'TIE']

// X rows, Y columns over A, B, TIE; 10 items. Reused for Cohen, Fleiss (= Scott's pi) and alpha.
const TABLE_3x3 = [
  [4, 1, 0],
  [0, 3, 1],
  [0, 0, 1],
]

describe('cohenKappa', () => {
  test("Wikipedia's 2×2 example: 50 proposals, kappa 0.4", () => {
    // both yes 20, X yes/Y no 5, X no/Y yes 10, both no 15.
    // p_o = (20+15)/50 = 0.7; X yes 25/50, Y yes 30/50 → p_e = 0.5·0.6 + 0.5·0.4 = 0.5
    // κ = (0.7 − 0.5)/(1 − 0.5) = 0.4
    const r = cohenKappa(twoRaters([[20, 5], [10, 15]], ['Yes', 'No']), 'x', 'y', ['Yes', 'No'])
    expect(r.n).toBe(50)
    expect(r.observed).toBeCloseTo(0.7, 4)
    expect(r.expected).toBeCloseTo(0.5, 4)
    expect(r.kappa).toBeCloseTo(0.4, 4)
  })

  test('3-category A/B/TIE table', () => {
    // diagonal 4+3+1 = 8 → p_o = 0.8; X marginals A5 B4 T1, Y marginals A4 B4 T2
    // p_e = (5·4 + 4·4 + 1·2)/100 = 0.38; κ = (0.8 − 0.38)/0.62 = 0.42/0.62 = 0.677419
    const r = cohenKappa(twoRaters(TABLE_3x3, ABT), 'x', 'y')
    expect(r.n).toBe(10)
    expect(r.expected).toBeCloseTo(0.38, 4)
    expect(r.kappa).toBeCloseTo(0.6774, 4)
  })

  test('chance-level agreement gives 0, systematic disagreement -1', () => {
    // X: A A B B, Y: A B A B → p_o = 2/4; p_e = (2·2 + 2·2)/16 = 0.5 → κ = 0
    const chance = twoRaters([[1, 1], [1, 1]], ['A', 'B'])
    expect(cohenKappa(chance, 'x', 'y').kappa).toBeCloseTo(0, 6)
    // X: A B, Y: B A → p_o = 0; p_e = (1·1 + 1·1)/4 = 0.5 → κ = (0 − 0.5)/0.5 = −1
    const opposite = twoRaters([[0, 1], [1, 0]], ['A', 'B'])
    expect(cohenKappa(opposite, 'x', 'y').kappa).toBeCloseTo(-1, 6)
  })

  test('perfect agreement gives 1', () => {
    // p_o = 1, p_e = (2·2 + 1·1)/9 = 5/9 → κ = (1 − 5/9)/(4/9) = 1
    expect(cohenKappa(twoRaters([[2, 0, 0], [0, 1, 0], [0, 0, 0]], ABT), 'x', 'y').kappa).toBeCloseTo(1, 6)
  })

  test('uses only shared items, other raters are ignored, a duplicate row counts once (last wins)', () => {
    const ratings: Rating[] = [
      ...(twoRaters(TABLE_3x3, ABT) as Rating[]),
      { itemId: 'only-x', raterKey: 'x', choice: 'A' },
      { itemId: 'only-y', raterKey: 'y', choice: 'B' },
      { itemId: 'i0', raterKey: 'z', choice: 'TIE' },
      // i9 is the (TIE, TIE) item; x first says A then corrects back to TIE
      { itemId: 'i9', raterKey: 'x', choice: 'A' },
      { itemId: 'i9', raterKey: 'x', choice: 'TIE' },
    ]
    const r = cohenKappa(ratings, 'x', 'y')
    expect(r.n).toBe(10)
    expect(r.kappa).toBeCloseTo(0.6774, 4)
  })

  test('undefined kappa is null: no overlap, or both raters only ever use one label', () => {
    const none = cohenKappa([{ itemId: '1', raterKey: 'x', choice: 'A' }], 'x', 'y')
    expect(none).toEqual({ kappa: null, n: 0, observed: 0, expected: 0 })
    // p_o = 1 and p_e = (3·3)/9 = 1 → 0/0
    const constant = cohenKappa(twoRaters([[3, 0, 0], [0, 0, 0], [0, 0, 0]], ABT), 'x', 'y')
    expect(constant.kappa).toBeNull()
    expect(constant.observed).toBe(1)
    expect(constant.expected).toBe(1)
  })

  test('a label outside the category set throws', () => {
    expect(() => cohenKappa([{ itemId: '1', raterKey: 'x', choice: 'C' }], 'x', 'y')).toThrow(RangeError)
  })
})

describe('pairwiseCohen', () => {
  // carol/alice share the 10 table items (carol as X); bob shares 4 items with alice, 2 with carol.
  const ratings: LabelledRating[] = [
    ...twoRaters(TABLE_3x3, ABT, 'carol', 'alice'),
    { itemId: 'i0', raterKey: 'bob', choice: 'A' }, // carol A, alice A
    { itemId: 'i4', raterKey: 'bob', choice: 'B' }, // carol A, alice B
    { itemId: 'k1', raterKey: 'bob', choice: 'A' },
    { itemId: 'k1', raterKey: 'alice', choice: 'A' },
    { itemId: 'k2', raterKey: 'bob', choice: 'TIE' },
    { itemId: 'k2', raterKey: 'alice', choice: 'B' },
  ]

  test('every pair once, raterX < raterY, sorted, with hand-computed kappas', () => {
    const rows = pairwiseCohen(ratings)
    expect(rows.map((r) => [r.raterX, r.raterY, r.n])).toEqual([
      ['alice', 'bob', 4],
      ['alice', 'carol', 10],
      ['bob', 'carol', 2],
    ])
    // alice/bob on i0,i4,k1,k2: alice A B A B, bob A B A TIE → p_o = 3/4
    // alice A2 B2, bob A2 B1 T1 → p_e = (2·2 + 2·1 + 0·1)/16 = 6/16; κ = (0.75 − 0.375)/0.625 = 0.6
    expect(rows[0].observed).toBeCloseTo(0.75, 4)
    expect(rows[0].kappa).toBeCloseTo(0.6, 4)
    // alice/carol is the 3×3 table transposed: p_o and p_e unchanged → 0.677419
    expect(rows[1].kappa).toBeCloseTo(0.6774, 4)
    // bob/carol on i0,i4: bob A B, carol A A → p_o = 1/2; p_e = (1·2 + 1·0)/4 = 0.5 → κ = 0
    expect(rows[2].kappa).toBeCloseTo(0, 6)
    expect(rows[1]).toMatchObject(cohenKappa(ratings, 'alice', 'carol'))
  })

  test('minOverlap drops thinly-overlapping pairs', () => {
    expect(pairwiseCohen(ratings, { minOverlap: 3 }).map((r) => `${r.raterX}-${r.raterY}`)).toEqual([
      'alice-bob',
      'alice-carol',
    ])
  })
})

describe('fleissKappa', () => {
  test("Wikipedia's worked example: 10 subjects, 14 raters, 5 categories, kappa 0.210", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ]
    // Σ_j n_ij² per row: 196, 60, 70, 94, 74, 98, 58, 46, 66, 66; minus 14 → 182, 46, 56, 80, 60, 84, 44, 32, 52, 52
    // Σ = 688, each over 14·13 = 182 → P̄ = 688/1820 = 0.378022
    // column totals 20, 28, 39, 21, 32 of 140 → P_e = (400+784+1521+441+1024)/19600 = 4170/19600 = 0.212755
    // κ = (0.378022 − 0.212755)/(1 − 0.212755) = 0.165267/0.787245 = 0.209930
    const cats = ['1', '2', '3', '4', '5']
    const r = fleissKappa(fromCounts(table, cats), cats)
    expect(r.items).toBe(10)
    expect(r.meanRaters).toBe(14)
    expect(r.observed).toBeCloseTo(0.378022, 5)
    expect(r.expected).toBeCloseTo(0.212755, 5)
    expect(r.kappa).toBeCloseTo(0.20993, 4)
  })

  test('with two raters it is Scott\'s pi (pooled marginals)', () => {
    // 3×3 table: P_i = 1 on the 8 agreeing items, 0 otherwise → P̄ = 0.8
    // pooled A (5+4)/20 = .45, B (4+4)/20 = .4, TIE (1+2)/20 = .15 → P_e = .2025 + .16 + .0225 = .385
    // π = (0.8 − 0.385)/(1 − 0.385) = 0.415/0.615 = 0.674797
    const r = fleissKappa(twoRaters(TABLE_3x3, ABT))
    expect(r.expected).toBeCloseTo(0.385, 4)
    expect(r.kappa).toBeCloseTo(0.6748, 4)
  })

  test('varying raters per item; single-rated items ignored', () => {
    // s0: A A B (n=3)   P = (4 + 1 − 3)/(3·2) = 1/3
    // s1: A A   (n=2)   P = (4 − 2)/(2·1) = 1
    // s2: B T T T (n=4) P = (1 + 9 − 4)/(4·3) = 1/2
    // s3: A alone → ignored
    // P̄ = (1/3 + 1 + 1/2)/3 = 11/18; totals A4 B2 T3 of 9 → P_e = (16 + 4 + 9)/81 = 29/81
    // κ = (11/18 − 29/81)/(1 − 29/81) = (41/162)/(52/81) = 41/104 = 0.394231
    const ratings = [...fromCounts([[2, 1, 0], [2, 0, 0], [0, 1, 3], [1, 0, 0]], ABT)]
    const r = fleissKappa(ratings)
    expect(r.items).toBe(3)
    expect(r.meanRaters).toBe(3)
    expect(r.observed).toBeCloseTo(11 / 18, 6)
    expect(r.expected).toBeCloseTo(29 / 81, 6)
    expect(r.kappa).toBeCloseTo(0.394231, 5)
  })

  test('perfect agreement gives 1; one label throughout or nothing pairable gives null', () => {
    // P̄ = 1; P_e = (3² + 3²)/6² = 0.5 → κ = 1
    expect(fleissKappa(fromCounts([[3, 0, 0], [0, 3, 0]], ABT)).kappa).toBeCloseTo(1, 6)
    // P̄ = 1 and P_e = 1 → 0/0
    expect(fleissKappa(fromCounts([[3, 0, 0], [2, 0, 0]], ABT)).kappa).toBeNull()
    expect(fleissKappa(fromCounts([[1, 0, 0], [0, 1, 0]], ABT))).toEqual({
      kappa: null,
      items: 0,
      meanRaters: 0,
      observed: 0,
      expected: 0,
    })
  })
})

describe('krippendorffAlpha', () => {
  test("Krippendorff's nominal example with missing data (4 observers, 12 units): alpha 0.743", () => {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C.
    const ratings = fromMatrix({
      A: ['1', '2', '3', '3', '2', '1', '4', '1', '2', null, null, null],
      B: ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', null, '3'],
      C: [null, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', null],
      D: ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', null],
    })
    // unit 12 has one value → not pairable; m_u = 3,4,4,4,4,4,4,4,4,3,2 → n = 40
    // n_c: 1→9, 2→13, 3→10, 4→5, 5→3
    // Σ o_cc = Σ_u Σ_c n_uc(n_uc−1)/(m_u−1) = 3+2+4+4+4+0+4+2+4+3+2 = 32
    // Σ n_c(n_c−1) = 72+156+90+20+6 = 344; n(n−1) = 1560
    // α = (39·32 − 344)/(1560 − 344) = 904/1216 = 0.743421
    const r = krippendorffAlpha(ratings, ['1', '2', '3', '4', '5'])
    expect(r.items).toBe(11)
    expect(r.pairable).toBe(40)
    expect(r.alpha).toBeCloseTo(0.743421, 4)
  })

  test("Krippendorff's binary example (2 observers, 10 units): alpha 0.095", () => {
    // Same paper, section A. Pairs: 4 units disagree, 5 agree on 0, 1 agrees on 1.
    // o_00 = 10, o_11 = 2, o_01 = o_10 = 4; n_0 = 14, n_1 = 6, n = 20
    // α = 1 − (n−1)·o_01/(n_0·n_1) = 1 − 19·4/84 = 8/84 = 0.095238
    const ratings = fromMatrix({
      A: ['0', '1', '0', '0', '0', '0', '0', '0', '1', '0'],
      B: ['1', '1', '1', '0', '0', '1', '0', '0', '0', '0'],
    })
    expect(krippendorffAlpha(ratings, ['0', '1']).alpha).toBeCloseTo(0.095238, 4)
  })

  test('two raters, complete data: matches 1 − (2N−1)/(2N)·(1 − π)', () => {
    // 3×3 table: n = 20, Σ o_cc = 2·8 = 16; n_c A9 B8 T3 → Σ n_c(n_c−1) = 72+56+6 = 134
    // α = (19·16 − 134)/(380 − 134) = 170/246 = 0.691057 = 1 − (19/20)(1 − 0.674797)
    expect(krippendorffAlpha(twoRaters(TABLE_3x3, ABT)).alpha).toBeCloseTo(0.691057, 5)
  })

  test('perfect agreement gives 1; no variation or nothing pairable gives null', () => {
    const perfect = fromMatrix({ x: ['A', 'B', 'TIE', 'A'], y: ['A', 'B', 'TIE', null], z: [null, 'B', 'TIE', null] })
    // unit 4 has one value → 3 items, 2+3+3 = 8 pairable values
    expect(krippendorffAlpha(perfect)).toEqual({ alpha: 1, items: 3, pairable: 8 })
    expect(krippendorffAlpha(fromMatrix({ x: ['A', 'A'], y: ['A', 'A'] })).alpha).toBeNull()
    expect(krippendorffAlpha(fromMatrix({ x: ['A', null], y: [null, 'B'] }))).toEqual({
      alpha: null,
      items: 0,
      pairable: 0,
    })
  })
})

describe('majorityAgreement (leave-one-out)', () => {
  test('hand-worked raters, ties among the others excluded', () => {
    const ratings = fromMatrix({
      //       i1   i2     i3    i4     i5    i6     i7
      alice: ['A', 'B', 'A', 'TIE', 'A', null, null],
      bob: ['A', 'B', 'B', 'A', null, null, 'B'],
      carol: ['A', 'A', null, 'B', null, null, 'B'],
      dave: ['B', null, null, null, null, null, 'B'],
      erin: [null, null, null, null, null, 'TIE', null],
    })
    // alice: i1 others A2 B1 → A ✓; i2 others B1 A1 tie; i3 others {B} → B ✗; i4 others A1 B1 tie; i5 alone → n 2, agree 1
    // bob:   i1 others A2 B1 → A ✓; i2 others B1 A1 tie; i3 others {A} → A ✗; i4 others T1 B1 tie; i7 others B2 → B ✓ → n 3, agree 2
    // carol: i1 others A2 B1 → A ✓; i2 others B2 → B ✗; i4 others T1 A1 tie; i7 others B2 → B ✓ → n 3, agree 2
    // dave:  i1 others A3 → A ✗; i7 others B2 → B ✓ → n 2, agree 1
    // erin:  i6 alone → n 0, rate null
    expect(majorityAgreement(ratings)).toEqual([
      { raterKey: 'alice', n: 2, agree: 1, rate: 0.5 },
      { raterKey: 'bob', n: 3, agree: 2, rate: 2 / 3 },
      { raterKey: 'carol', n: 3, agree: 2, rate: 2 / 3 },
      { raterKey: 'dave', n: 2, agree: 1, rate: 0.5 },
      { raterKey: 'erin', n: 0, agree: 0, rate: null },
    ])
  })
})

describe('majorityLabel and itemAgreement', () => {
  test('strict unique plurality, null on ties or no choices', () => {
    expect(majorityLabel<'A' | 'B' | 'TIE'>(['A', 'B', 'A'])).toBe('A')
    expect(majorityLabel(['A', 'B', 'TIE', 'TIE'])).toBe('TIE') // plurality, not absolute majority
    expect(majorityLabel(['A', 'B'])).toBeNull()
    expect(majorityLabel(['A', 'A', 'B', 'B', 'TIE'])).toBeNull()
    expect(majorityLabel([])).toBeNull()
  })

  test('share of ratings equal to the plurality label', () => {
    expect(itemAgreement(['A'])).toBe(1)
    expect(itemAgreement(['A', 'B', 'A'])).toBeCloseTo(2 / 3, 6) // 2 of 3
    expect(itemAgreement(['A', 'B', 'TIE', 'TIE'])).toBeCloseTo(0.5, 6) // 2 of 4
    expect(itemAgreement(['A', 'B'])).toBeCloseTo(0.5, 6) // tie: top count 1 of 2
    expect(itemAgreement([])).toBeNull()
  })
})

describe('labelDistribution and confusionMatrix', () => {
  test('counts per category, zeros included, custom label sets, unknown labels throw', () => {
    expect(labelDistribution(twoRaters(TABLE_3x3, ABT))).toEqual({ A: 9, B: 8, TIE: 3 })
    expect(labelDistribution([{ choice: 'good' }, { choice: 'good' }], ['good', 'bad'])).toEqual({ good: 2, bad: 0 })
    expect(() => labelDistribution([{ choice: 'C' }])).toThrow(RangeError)
  })

  test('rows are the first label, columns the second', () => {
    const pairs: [string, string][] = [
      ['A', 'A'],
      ['A', 'B'],
      ['A', 'B'],
      ['TIE', 'B'],
    ]
    expect(confusionMatrix(pairs)).toEqual([
      [1, 2, 0],
      [0, 0, 0],
      [0, 1, 0],
    ])
    expect(confusionMatrix([['y', 'n']], ['y', 'n'])).toEqual([
      [0, 1],
      [0, 0],
    ])
    expect(() => confusionMatrix([['A', 'X']])).toThrow(RangeError)
  })
})

describe('scale', () => {
  // Correctness at production size only; speed belongs in bench/ (CODE_STYLE rule 10).
  test('100k ratings (20k items × 5 raters) give the known perfect-agreement answers', () => {
    // Every rater labels item i with ABT[i % 3]: perfect agreement, uniform marginals.
    const ratings: Rating[] = []
    for (let i = 0; i < 20_000; i++) {
      for (let r = 0; r < 5; r++) ratings.push({ itemId: `i${i}`, raterKey: `r${r}`, choice: ABT[i % 3] as Rating['choice'] })
    }
    expect(fleissKappa(ratings).kappa).toBeCloseTo(1, 6)
    expect(krippendorffAlpha(ratings).alpha).toBeCloseTo(1, 6)
    const pairs = pairwiseCohen(ratings)
    expect(pairs).toHaveLength(10) // C(5, 2)
    expect(pairs.every((p) => p.n === 20_000 && p.kappa !== null && Math.abs(p.kappa - 1) < 1e-9)).toBe(true)
    expect(majorityAgreement(ratings).every((r) => r.n === 20_000 && r.rate === 1)).toBe(true)
  })
})
