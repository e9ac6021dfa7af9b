// Types shared by the import parsers: the pure layer that turns the decompressed bytes of an uploaded
// file into normalised pairs and labels. Opening files, gunzip and database writes are the caller's.

export type ImportFormat =
  | 'HH_RLHF'
  | 'PANDALM'
  | 'PANDALM_JUDGE'
  | 'ALPACA_EVAL'
  | 'OASST'
  | 'JSONL_PAIRS'
  | 'JSONL_LABELLED'
  | 'CSV'

export type ParsedLabel = {
  source: 'HUMAN' | 'AI'
  choice: 'A' | 'B' | 'TIE'
  /** Stable identity of the rater across imports: 'ext:…' for dataset annotators, 'judge:…' for AI judges. */
  raterKey: string
  raterName?: string
  /** P(A is better), 0..1, when the source gives a soft preference. */
  probability?: number
  rationale?: string
}

export type ParsedPair = {
  prompt: string
  responseA: string
  responseB: string
  modelA?: string
  modelB?: string
  sourceRef?: string
  /**
   * The data set's own id for the item, when it has one (PandaLM idx, OASST message ids, a JSONL `id`). Part of
   * the pair's identity: items with the same text but different ids stay separate pairs, as the data set counts them.
   */
  itemId?: string
  /** The record's `subset` field (RewardBench's section, e.g. "alpacaeval-easy"): read by benchmark sets, ignored by imports. */
  subset?: string
  /** The record's `gold` field (JSONL labelled: A, B or tie by position): the pair's correct answer. */
  gold?: ParsedLabel['choice']
  labels: ParsedLabel[]
}

/** A label for a pair imported earlier, found by its sourceRef (judge files carry only an idx). */
export type ParsedLabelRef = { sourceRef: string; label: ParsedLabel }

/**
 * `line` is the 1-based line of a line-based file (for a CSV record: the line where it starts) or the
 * 1-based element of a JSON-array file; `reason` repeats it in words ("line 7: …", "item 12: …").
 * line 0 means the file as a whole (not valid JSON, too large, unknown CSV header, …); nothing follows it.
 * A warning says that a record was read with a change (invalid UTF-8 replaced, NUL removed); it comes
 * before that record's items and does not make the record invalid.
 */
export type ParseItem =
  | { kind: 'pair'; line: number; pair: ParsedPair }
  | { kind: 'labelRef'; line: number; ref: ParsedLabelRef }
  | { kind: 'error'; line: number; reason: string }
  | { kind: 'warning'; line: number; reason: string }

export type ParseLimits = {
  /** Longest prompt or response, in UTF-16 code units (JavaScript string length). */
  maxFieldChars: number
  /** Longest line of a line-based file (or CSV record), in bytes; longer ones are skipped unread. */
  maxLineBytes: number
  /** Largest JSON-array file, in bytes; such files are parsed whole, JSON Lines files are not. */
  maxJsonBytes: number
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxFieldChars: 100_000,
  maxLineBytes: 2_000_000,
  maxJsonBytes: 64 * 1024 * 1024,
}

export type ParseOptions = {
  limits?: Partial<ParseLimits>
  /** Name of the AI judge whose output is imported (PANDALM_JUDGE, ALPACA_EVAL); overrides the file's. */
  judgeName?: string
}

export type ParseInput = NodeJS.ReadableStream | AsyncIterable<Buffer | Uint8Array | string>

export type Parser = (input: ParseInput, opts?: ParseOptions) => AsyncGenerator<ParseItem>

/** Fills in defaults; bad limits are a programmer error, so they throw rather than become error items. */
export function resolveLimits(limits: Partial<ParseLimits> = {}): ParseLimits {
  const resolved = { ...DEFAULT_LIMITS, ...limits }
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`limits.${name} must be a positive integer`)
  }
  return resolved
}
