// The one rule for "the human answer of a pair", in TypeScript for code that already holds a pair's
// labels (training-pair selection, exports, a page of scores). The SQL function rl_human_reference
// (migration 20261206100000_human_reference) is the same rule for aggregates; both are tested on the
// same hand cases (tests/support/human-reference-cases.ts). README "The human reference" states it.
// Pure (no imports), so a page may show the rule's note exactly as the server applies it.
export type HumanChoice = 'A' | 'B' | 'TIE'
export type HumanVotes = { A: number; B: number; TIE: number }

/** A project's setting, when a project has none to read (its default). */
export const DEFAULT_MIN_HUMAN_LABELS = 1
export const MAX_MIN_HUMAN_LABELS = 20

/**
 * The strict unique plurality of the pair's human votes (one vote per rater): A, B or TIE with more
 * votes than each of the other two. One label is its own reference; a TIE majority is an answer
 * ("neither is better", which accuracy figures that need a side then leave out). No reference (null)
 * with fewer than `minLabels` votes, or when the top is shared (1 A + 1 B, 2 A + 2 TIE: a split).
 */
export function humanReference(votes: HumanVotes, minLabels: number = DEFAULT_MIN_HUMAN_LABELS): HumanChoice | null {
  const { A: a, B: b, TIE: t } = votes
  if (a + b + t < Math.max(minLabels, 1)) return null
  if (a > b && a > t) return 'A'
  if (b > a && b > t) return 'B'
  if (t > a && t > b) return 'TIE'
  return null
}

/** Votes of a list of choices (the caller passes one choice per rater). */
export function countVotes(choices: readonly HumanChoice[]): HumanVotes {
  const votes: HumanVotes = { A: 0, B: 0, TIE: 0 }
  for (const c of choices) votes[c]++
  return votes
}

/** The reference of a list of human choices: `humanReference(countVotes(choices), minLabels)`. */
export const humanReferenceOf = (choices: readonly HumanChoice[], minLabels: number = DEFAULT_MIN_HUMAN_LABELS) =>
  humanReference(countVotes(choices), minLabels)

/** The note shown beside every figure that uses the reference. */
export const referenceNote = (minLabels: number) => `human reference: majority of ≥ ${minLabels} human label${minLabels === 1 ? '' : 's'}`
