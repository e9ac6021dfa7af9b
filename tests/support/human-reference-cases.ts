// Hand cases of the human reference rule, shared by the unit test of the TypeScript mirror and the
// integration test of the SQL function rl_human_reference, so the two cannot drift apart.
import type { HumanChoice } from '../../server/lib/human-reference.ts'

export type ReferenceCase = { name: string; votes: { A: number; B: number; TIE: number }; min: number; expected: HumanChoice | null }

export const REFERENCE_CASES: ReferenceCase[] = [
  { name: 'no labels', votes: { A: 0, B: 0, TIE: 0 }, min: 1, expected: null },
  { name: 'one label A counts', votes: { A: 1, B: 0, TIE: 0 }, min: 1, expected: 'A' },
  { name: 'one label B counts', votes: { A: 0, B: 1, TIE: 0 }, min: 1, expected: 'B' },
  { name: 'one TIE label is a TIE reference', votes: { A: 0, B: 0, TIE: 1 }, min: 1, expected: 'TIE' },
  { name: 'A against B one each is a split', votes: { A: 1, B: 1, TIE: 0 }, min: 1, expected: null },
  { name: 'three-way split', votes: { A: 1, B: 1, TIE: 1 }, min: 1, expected: null },
  { name: 'A and TIE level at the top is a split', votes: { A: 2, B: 0, TIE: 2 }, min: 1, expected: null },
  { name: 'plurality, not absolute majority', votes: { A: 2, B: 1, TIE: 1 }, min: 1, expected: 'A' },
  { name: 'TIE majority', votes: { A: 1, B: 0, TIE: 2 }, min: 1, expected: 'TIE' },
  { name: 'B majority of three', votes: { A: 1, B: 2, TIE: 0 }, min: 1, expected: 'B' },
  { name: 'minimum 2: one label is no reference', votes: { A: 1, B: 0, TIE: 0 }, min: 2, expected: null },
  { name: 'minimum 2: two agreeing labels', votes: { A: 2, B: 0, TIE: 0 }, min: 2, expected: 'A' },
  { name: 'minimum 2: two labels split', votes: { A: 1, B: 1, TIE: 0 }, min: 2, expected: null },
  { name: 'minimum 3: two of three labels', votes: { A: 0, B: 2, TIE: 1 }, min: 3, expected: 'B' },
  { name: 'minimum 0 behaves as 1', votes: { A: 0, B: 0, TIE: 0 }, min: 0, expected: null },
]
