// Reads a stored upload through its format's parser and groups the items into batches: pairs (with
// their content hashes computed here, so both passes see the same checks), label references, and
// the errors and warnings met on the way. Reading or decompression failures become one error at line 0.
// Besides full batches it yields a tick (an empty batch) every TICK_BYTES of decompressed input, so a
// file that fills no batch (a gigabyte of blank lines) still reports progress and sees a cancel.
import type { ImportFormat } from '../../db/client.ts'
import { parsers, type ParseItem, type ParsedLabelRef, type ParsedPair } from './parsers/index.ts'
import { hashPair, hashText, sha256 } from './hash-content.ts'
import { maxDecompressedBytes, parseLimits } from './import-limits.ts'
import { openImportFile } from './open-import-file.ts'

export type LineError = { line: number; reason: string }
export type PreparedPair = { line: number; pair: ParsedPair; promptHash: string; hashA: string; hashB: string; hash: string }
export type RefItem = { line: number; ref: ParsedLabelRef }
export type ImportBatch = {
  pairs: PreparedPair[]
  refs: RefItem[]
  errors: LineError[]
  /** Lines imported with a change (invalid UTF-8 replaced, NUL removed). */
  warnings: LineError[]
  /** Highest line (or array item) number seen so far. */
  linesRead: number
  /** Share of the stored file read so far, 0..1. */
  fraction: number
  /** Nothing to write: the reader only says how far it got. */
  tick?: true
}

export const BATCH_SIZE = 500
/** Decompressed bytes between two ticks; parsing 1 MiB takes a few milliseconds to a second. */
export const TICK_BYTES = 1024 * 1024
const MAX_ERRORS_PER_BATCH = 1000

function prepare(line: number, pair: ParsedPair): PreparedPair | LineError {
  const promptHash = hashText(pair.prompt)
  const hashA = hashText(pair.responseA)
  const hashB = hashText(pair.responseB)
  if (hashA === hashB) return { line, reason: `line ${line}: both responses are the same text (ignoring outer whitespace); a pair needs two different responses` }
  const textHash = hashPair(promptHash, hashA, hashB)
  return { line, pair, promptHash, hashA, hashB, hash: pair.itemId ? sha256(`${textHash}\n${pair.itemId}`) : textHash }
}

/** Passes the chunks through, calling `onTick` each time another `every` bytes have gone by. */
async function* countBytes(source: AsyncIterable<Buffer>, every: number, onTick: () => void): AsyncGenerator<Buffer> {
  let bytes = 0
  let next = every
  for await (const chunk of source) {
    bytes += chunk.length
    if (bytes >= next) {
      next = bytes + every
      onTick()
    }
    yield chunk
  }
}

const TICK = Symbol('tick')
export type ReadOptions = { batchSize?: number; tickBytes?: number }

export async function* readImportBatches(
  file: { storedPath: string; format: ImportFormat; judgeName: string | null },
  { batchSize = BATCH_SIZE, tickBytes = TICK_BYTES }: ReadOptions = {},
): AsyncGenerator<ImportBatch> {
  const opened = await openImportFile(file.storedPath, maxDecompressedBytes())
  const fresh = (): ImportBatch => ({ pairs: [], refs: [], errors: [], warnings: [], linesRead: 0, fraction: 0 })
  let batch = fresh()
  let linesRead = 0
  const finish = (b: ImportBatch) => ({ ...b, linesRead, fraction: opened.totalBytes ? Math.min(1, opened.bytesRead() / opened.totalBytes) : 1 })
  // The parser may run for long without an item; a tick interrupts the wait for its next one.
  let ticked = false
  let wake: (() => void) | null = null
  const chunks = countBytes(opened.stream, tickBytes, () => { ticked = true; wake?.() })
  const items = parsers[file.format](chunks, { limits: parseLimits(), judgeName: file.judgeName ?? undefined })
  let pending = items.next()
  const nextItem = () => new Promise<IteratorResult<ParseItem> | typeof TICK>((resolve, reject) => {
    if (ticked) return resolve(TICK)
    wake = () => resolve(TICK)
    pending.then(resolve, reject)
  })
  try {
    try {
      for (;;) {
        const r = await nextItem()
        wake = null
        if (r === TICK) {
          ticked = false
          yield { ...finish(fresh()), tick: true }
          continue
        }
        if (r.done) break
        const item = r.value
        pending = items.next()
        linesRead = Math.max(linesRead, item.line)
        if (item.kind === 'error') batch.errors.push({ line: item.line, reason: item.reason })
        else if (item.kind === 'warning') batch.warnings.push({ line: item.line, reason: item.reason })
        else if (item.kind === 'labelRef') batch.refs.push({ line: item.line, ref: item.ref })
        else {
          const p = prepare(item.line, item.pair)
          if ('reason' in p) batch.errors.push(p)
          else batch.pairs.push(p)
        }
        if (batch.pairs.length + batch.refs.length >= batchSize || batch.errors.length + batch.warnings.length >= MAX_ERRORS_PER_BATCH) {
          yield finish(batch)
          batch = fresh()
        }
      }
    } catch (e) {
      // zlib and disk errors surface here; the parsers themselves report bad content as items.
      batch.errors.push({ line: 0, reason: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` })
    }
    yield finish(batch)
  } finally {
    // Closing the file first ends a parser that is still busy (e.g. on blank lines), so an early
    // stop (error, cancel) does not wait for it to reach its next item.
    opened.close()
    await pending.catch(() => undefined)
    await items.return(undefined).catch(() => undefined)
  }
}

/**
 * Starts reading the next batch while the caller still writes the current one, so parsing (this
 * process) and inserting (PostgreSQL) overlap on two cores. Holds at most one batch ahead.
 */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next()
  try {
    for (let r = await next; !r.done; r = await next) {
      next = source.next()
      yield r.value
    }
  } finally {
    // An early stop (error, cancel) must close the file; let the batch in flight settle first.
    await next.catch(() => undefined)
    await source.return(undefined)
  }
}
