// The counters an Import row shows while it runs and afterwards; pure values, written to the row
// together with the batch they describe. Warnings are lines imported with a change (invalid UTF-8
// replaced, NUL removed): kept apart from errors, which are lines not imported.
import type { BatchResult } from './insert-import-batch.ts'
import type { LineError } from './read-import-batches.ts'

/** Import.errors and Import.warnings keep the first 200 only; invalidLines and warningCount have the full counts. */
export const MAX_STORED_ERRORS = 200

export type ImportCounters = {
  linesRead: number
  pairsCreated: number
  pairsExisting: number
  labelsCreated: number
  invalidLines: number
  errors: LineError[]
  warningCount: number
  warnings: LineError[]
}

export const zeroCounters = (): ImportCounters => ({
  linesRead: 0, pairsCreated: 0, pairsExisting: 0, labelsCreated: 0, invalidLines: 0, errors: [], warningCount: 0, warnings: [],
})

/** The first of `more` that still fit under the cap; a reason may quote the file, and jsonb cannot hold \u0000. */
function kept(stored: LineError[], more: LineError[]): LineError[] {
  const room = MAX_STORED_ERRORS - stored.length
  if (room <= 0 || !more.length) return stored
  return [...stored, ...more.slice(0, room).map((e) => ({ line: e.line, reason: e.reason.replaceAll('\u0000', '\u2400') }))]
}

export function withErrors(c: ImportCounters, errors: LineError[], linesRead = c.linesRead): ImportCounters {
  return { ...c, linesRead: Math.max(c.linesRead, linesRead), invalidLines: c.invalidLines + errors.length, errors: kept(c.errors, errors) }
}

export function withWarnings(c: ImportCounters, warnings: LineError[]): ImportCounters {
  return warnings.length ? { ...c, warningCount: c.warningCount + warnings.length, warnings: kept(c.warnings, warnings) } : c
}

export function withBatch(c: ImportCounters, r: BatchResult, errors: LineError[], linesRead: number, warnings: LineError[] = []): ImportCounters {
  const next = withWarnings(withErrors(c, [...errors, ...r.unresolved].sort((a, b) => a.line - b.line), linesRead), warnings)
  return {
    ...next,
    pairsCreated: next.pairsCreated + r.pairsCreated,
    pairsExisting: next.pairsExisting + r.pairsExisting,
    labelsCreated: next.labelsCreated + r.labelsCreated,
  }
}

/** "line 7: …" — a reason already names its line or item; a bare one gets the number in front. */
export function describeError(e: LineError): string {
  return /^(line|item|record|row) \d+/i.test(e.reason) || e.line === 0 ? e.reason : `line ${e.line}: ${e.reason}`
}

/** "3 invalid lines; nothing imported (first: line 7: …)", with `what` after the count. */
export function invalidSummary(c: ImportCounters, what = ''): string {
  const n = c.invalidLines
  return `${n.toLocaleString('en-US')} invalid line${n === 1 ? '' : 's'}${what}${c.errors[0] ? ` (first: ${describeError(c.errors[0])})` : ''}`
}
