// The data explorer's filter: what the URL, a saved filter, an export and a judge run all carry
// (shared module, not an operation). Every field is optional and comes as a string from the URL,
// so numbers are coerced; an empty string means "not set". The cursor is a keyset position.
import { z } from 'zod'

const opt = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), t.optional())
const num = opt(z.coerce.number().finite())

export const PAIR_SORTS = ['ordinal', 'margin', 'length', 'humanLabels', 'aiLabels', 'agreement', 'flags'] as const
export type PairSort = (typeof PAIR_SORTS)[number]

export const pairFilterSchema = z.object({
  /** Text in the prompt or either response (case-insensitive substring). */
  q: opt(z.string().trim().min(1).max(200)),
  /** Pairs that have at least one label of this source, or no label at all. */
  source: opt(z.enum(['HUMAN', 'AI', 'SELF', 'NONE'])),
  /** The pair's human reference under the project's minHumanLabels (human-majority-sql.ts); SPLIT:
   *  enough labels but no single most-chosen answer; NONE: fewer human labels than the minimum. */
  majority: opt(z.enum(['A', 'B', 'TIE', 'SPLIT', 'NONE'])),
  /** Human labels not unanimous (yes) or unanimous with at least one label (no). */
  humanDisagree: opt(z.enum(['yes', 'no'])),
  /** Human majority against the AI judges' majority; both must exist. */
  humanVsAi: opt(z.enum(['disagree', 'agree'])),
  /** The reward model whose margin (score A - score B) filters and sorts. */
  rm: opt(z.string().min(1).max(64)),
  minMargin: num,
  maxMargin: num,
  /** Characters of both responses together. */
  minLength: num,
  maxLength: num,
  /** An import's id, or "none" for pairs created in RewardLab. */
  importId: opt(z.string().min(1).max(64)),
  gold: opt(z.enum(['yes', 'no'])),
  /** open: an unresolved flag; any: any flag ever; no: never flagged. */
  flagged: opt(z.enum(['open', 'any', 'no'])),
  sort: opt(z.enum(PAIR_SORTS)),
  dir: opt(z.enum(['asc', 'desc'])),
})
export type PairFilter = z.infer<typeof pairFilterSchema>

/**
 * The keyset position after the last row of a page: its id and its sort value as PostgreSQL's text
 * of the float8 (exact both ways; a JS number bound as a parameter lost digits and repeated rows).
 */
export type PairCursor = { v: string; id: string }

export function encodeCursor(c: PairCursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url')
}

export function decodeCursor(s: string | undefined): PairCursor | null {
  if (!s) return null
  try {
    const [v, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown]
    if (typeof v === 'string' && v.length <= 40 && Number.isFinite(Number(v)) && typeof id === 'string' && id.length <= 64) return { v, id }
  } catch { /* a hand-edited cursor: start from the first page */ }
  return null
}
