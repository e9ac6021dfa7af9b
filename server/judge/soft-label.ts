// The RLAIF arithmetic (arXiv 2309.00267), pure: soft preference labels from the first token's
// log-probabilities, order averaging against position bias, d-RLAIF's expected 1–10 rating and
// its rescaling to [−1, 1], text fallbacks for providers without log-probabilities, binarisation.

/** log(Σ exp(x)), stable; −Infinity for an empty list. */
export function logSumExp(xs: readonly number[]): number {
  const m = Math.max(...xs)
  if (m === -Infinity) return -Infinity
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0))
}

/**
 * Token text → log-probability, keyed by the trimmed text. Tokenisers have several spellings of one
 * digit (" 1", "1", "\n1"); they are the same answer, so their probabilities are added (log-sum-exp).
 */
function byTrimmedToken(lp: Readonly<Record<string, number>>): Map<string, number> {
  const grouped = new Map<string, number[]>()
  for (const [token, logprob] of Object.entries(lp)) {
    const key = token.trim()
    const list = grouped.get(key)
    if (list) list.push(logprob)
    else grouped.set(key, [logprob])
  }
  return new Map([...grouped].map(([k, v]) => [k, logSumExp(v)]))
}

/**
 * P("1" preferred) = softmax over the log-probs of "1" and "2" = 1 / (1 + exp(l2 − l1)).
 * A digit missing from the alternatives has probability 0 (log-prob −Infinity); null when both are.
 */
export function softLabelFromLogprobs(lp: Readonly<Record<string, number>>): number | null {
  const tokens = byTrimmedToken(lp)
  const l1 = tokens.get('1') ?? -Infinity
  const l2 = tokens.get('2') ?? -Infinity
  if (l1 === -Infinity && l2 === -Infinity) return null
  if (l2 === -Infinity) return 1
  if (l1 === -Infinity) return 0
  return 1 / (1 + Math.exp(l2 - l1))
}

/**
 * P(A preferred) from both orders. pFirstOrder = P("1") with A shown first; pSwapped = P("1") with
 * B shown first, where "1" then means B, so P(A) in that order is 1 − pSwapped.
 */
export function averageOrders(pFirstOrder: number, pSwapped: number): number {
  return (pFirstOrder + (1 - pSwapped)) / 2
}

/**
 * d-RLAIF score Σ i·P(i) over the tokens "1".."10", renormalised among those present; null if none is.
 * Caveat: with tokenisers that split "10" into "1","0", P("1") also holds the mass of 10.
 */
export function ratingScore(lp: Readonly<Record<string, number>>): number | null {
  const tokens = byTrimmedToken(lp)
  const present: [number, number][] = []
  for (let i = 1; i <= 10; i++) {
    const l = tokens.get(String(i))
    if (l !== undefined && l > -Infinity) present.push([i, l])
  }
  if (present.length === 0) return null
  const z = logSumExp(present.map(([, l]) => l))
  return present.reduce((s, [i, l]) => s + i * Math.exp(l - z), 0)
}

/** [1, 10] → [−1, 1]: (s − 1) / 9 · 2 − 1. */
export function rescaleRating(s: number): number {
  return ((s - 1) / 9) * 2 - 1
}

// Most specific first: an explicit "Preferred Response=2" beats a later "Response 1" in prose.
const HARD_PATTERNS = [/Preferred\s+Response\s*[=:]\s*\**\s*([12])(?!\d)/i, /^\W*([12])(?!\d)/, /Response\s*#?\s*([12])(?!\d)/i]

/** Text answer → {p: P("1" preferred), 1 or 0}; null when no answer can be read. */
export function parseHardAnswer(text: string): { p: 1 | 0 } | null {
  for (const re of HARD_PATTERNS) {
    const m = re.exec(text)
    if (m) return { p: m[1] === '1' ? 1 : 0 }
  }
  return null
}

/** Text answer → rating 1..10 ("Rating=7", "7", "7/10"); null when absent or out of range. */
export function parseRating(text: string): number | null {
  const m =
    /Rating\s*[=:]\s*\**\s*(\d+(?:\.\d+)?)/i.exec(text) ??
    /(\d+(?:\.\d+)?)\s*(?:\/|out of)\s*10(?!\d)/i.exec(text) ??
    /^\W*(\d+(?:\.\d+)?)/.exec(text)
  if (!m) return null
  const r = Number(m[1])
  return Number.isInteger(r) && r >= 1 && r <= 10 ? r : null
}

export type Choice = 'A' | 'B' | 'TIE'

/** Binarise P(A): within tieBand of 0.5 is a TIE (tieBand 0: only exactly 0.5). */
export function toChoice(pA: number, tieBand = 0): Choice {
  if (Math.abs(pA - 0.5) <= tieBand) return 'TIE'
  return pA > 0.5 ? 'A' : 'B'
}
