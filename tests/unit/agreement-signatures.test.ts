// The dashboard's statistics from per-pair signatures (what the SQL statement returns) equal stats.ts's
// functions on the rating rows themselves, on seeded random label sets: so moving the work into SQL
// kept every number. Signatures list a pair's labels in any order (as the SQL does), some sets of
// labels then appear as several signatures.
import { describe, expect, test } from 'vitest'
import { fleissKappa, krippendorffAlpha, majorityAgreement, pairwiseCohen, type Category, type Rating } from '@/server/services/agreement/stats.ts'
import { RECORD, UNIT } from '@/server/services/agreement/read-agreement-aggregates.ts'
import { summariseRatings } from '@/server/services/agreement/summarise-ratings.ts'

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

function randomRatings(seed: number, pairs: number, raters: number): Rating[] {
  const r = rng(seed)
  const out: Rating[] = []
  for (let p = 0; p < pairs; p++) {
    for (let k = 0; k < raters; k++) {
      if (r() < 0.45) out.push({ itemId: `p${p}`, raterKey: `ext:r${k}`, choice: (['A', 'B', 'TIE'] as Category[])[Math.floor(r() * 3)] })
    }
  }
  return out
}

function signatures(rows: readonly Rating[], seed: number) {
  const r = rng(seed)
  const byPair = new Map<string, Rating[]>()
  for (const row of rows) byPair.set(row.itemId, [...(byPair.get(row.itemId) ?? []), row])
  const counts = new Map<string, number>()
  for (const list of byPair.values()) {
    const shuffled = [...list].sort(() => r() - 0.5)
    const sig = shuffled.map((l) => `${l.raterKey}${UNIT}${l.choice}`).join(RECORD)
    counts.set(sig, (counts.get(sig) ?? 0) + 1)
  }
  return [...counts].map(([sig, n]) => ({ sig, n }))
}

describe('statistics from signatures', () => {
  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: Fleiss, Krippendorff, pairwise Cohen and leave-one-out majority match stats.ts`, () => {
      const rows = randomRatings(seed, 300, 5)
      const s = summariseRatings({ signatures: signatures(rows, seed), judgeSignatures: [], names: [], pace: [], perDay: [] }, 300, 1)
      expect(s.overall.ratings).toBe(rows.length)
      const fleiss = fleissKappa(rows)
      expect(s.fleiss.items).toBe(fleiss.items)
      expect(s.fleiss.kappa!).toBeCloseTo(fleiss.kappa!, 12)
      expect(s.krippendorff.alpha!).toBeCloseTo(krippendorffAlpha(rows).alpha!, 12)
      const cohen = pairwiseCohen(rows)
      expect(s.pairwise.map((p) => [p.raterX, p.raterY, p.n])).toEqual(cohen.map((p) => [p.raterX, p.raterY, p.n]))
      s.pairwise.forEach((p, i) => expect(p.kappa!).toBeCloseTo(cohen[i].kappa!, 12))
      const loo = new Map(majorityAgreement(rows).map((m) => [m.raterKey, m]))
      for (const rater of s.raters) expect({ n: rater.majority.n, agree: rater.majority.agree }).toEqual({ n: loo.get(rater.raterKey)!.n, agree: loo.get(rater.raterKey)!.agree })
    })
  }
})
