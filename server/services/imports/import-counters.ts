// The counters an Import row shows while it runs and afterwards; pure values, written to the row
// together with the batch they describe.
import type { BatchResult } from './insert-import-batch.ts'
import type { LineError } from './read-import-batches.ts'

/** Import.errors keeps the first errors only; invalidLines has the full count. */
export const MAX_STORED_ERRORS = 200

export type ImportCounters = {
  linesRead: number
  pairsCreated: number
  pairsExisting: number
  labelsCreated: number
  invalidLines: number
  errors: LineError[]
}

export const zeroCounters = (): ImportCounters => ({ linesRead: 0, pairsCreated: 0, pairsExisting: 0, labelsCreated: 0, invalidLines: 0, errors: [] })

export function withErrors(c: ImportCounters, errors: LineError[], linesRead = c.linesRead): ImportCounters {
  const room = MAX_STORED_ERRORS - c.errors.length
  return {
    ...c,
    linesRead: Math.max(c.linesRead, linesRead),
    invalidLines: c.invalidLines + errors.length,
    errors: room > 0 && errors.length ? [...c.errors, ...errors.slice(0, room)] : c.errors,
  }
}

export function withBatch(c: ImportCounters, r: BatchResult, errors: LineError[], linesRead: number): ImportCounters {
  const next = withErrors(c, [...errors, ...r.unresolved].sort((a, b) => a.line - b.line), linesRead)
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
