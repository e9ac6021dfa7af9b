// The human reference rule on hand cases (one label, ties, splits, a minimum of 2): the TypeScript
// mirror here; tests/integration/human-reference.test.ts runs the same cases through the SQL function.
import { describe, expect, test } from 'vitest'
import { humanReference, humanReferenceOf, referenceNote } from '@/server/lib/human-reference.ts'
import { REFERENCE_CASES } from '../support/human-reference-cases.ts'

describe('humanReference', () => {
  for (const c of REFERENCE_CASES) {
    test(`${c.name}: ${JSON.stringify(c.votes)}, min ${c.min} → ${c.expected}`, () => {
      expect(humanReference(c.votes, c.min)).toBe(c.expected)
    })
  }
  test('from choices: one vote per listed choice', () => {
    expect(humanReferenceOf(['A', 'B', 'A'])).toBe('A')
    expect(humanReferenceOf(['A', 'B'])).toBeNull()
    expect(humanReferenceOf(['TIE'], 2)).toBeNull()
  })
  test('the note names the minimum', () => {
    expect(referenceNote(1)).toBe('human reference: majority of ≥ 1 human label')
    expect(referenceNote(2)).toBe('human reference: majority of ≥ 2 human labels')
  })
})
