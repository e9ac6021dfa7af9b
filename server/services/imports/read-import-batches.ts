// Reads a stored upload through its format's parser and groups the items into batches: pairs (with
// their content hashes computed here, so both passes see the same checks), label references, and
// the errors met on the way. Reading or decompression failures become one error at line 0.
import type { ImportFormat } from '../../db/client.ts'
import { parsers, type ParsedLabelRef, type ParsedPair } from './parsers/index.ts'
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
  /** Highest line (or array item) number seen so far. */
  linesRead: number
  /** Share of the stored file read so far, 0..1. */
  fraction: number
}

export const BATCH_SIZE = 500
const MAX_ERRORS_PER_BATCH = 1000

function prepare(line: number, pair: ParsedPair): PreparedPair | LineError {
  const promptHash = hashText(pair.prompt)
  const hashA = hashText(pair.responseA)
  const hashB = hashText(pair.responseB)
  if (hashA === hashB) return { line, reason: `line ${line}: both responses are the same text (ignoring outer whitespace); a pair needs two different responses` }
  const textHash = hashPair(promptHash, hashA, hashB)
  return { line, pair, promptHash, hashA, hashB, hash: pair.itemId ? sha256(`${textHash}\n${pair.itemId}`) : textHash }
}

export async function* readImportBatches(
  file: { storedPath: string; format: ImportFormat; judgeName: string | null },
  batchSize = BATCH_SIZE,
): AsyncGenerator<ImportBatch> {
  const opened = await openImportFile(file.storedPath, maxDecompressedBytes())
  const fresh = (): ImportBatch => ({ pairs: [], refs: [], errors: [], linesRead: 0, fraction: 0 })
  let batch = fresh()
  let linesRead = 0
  const finish = (b: ImportBatch) => ({ ...b, linesRead, fraction: opened.totalBytes ? Math.min(1, opened.bytesRead() / opened.totalBytes) : 1 })
  try {
    const items = parsers[file.format](opened.stream, { limits: parseLimits(), judgeName: file.judgeName ?? undefined })
    try {
      for await (const item of items) {
        linesRead = Math.max(linesRead, item.line)
        if (item.kind === 'error') batch.errors.push({ line: item.line, reason: item.reason })
        else if (item.kind === 'labelRef') batch.refs.push({ line: item.line, ref: item.ref })
        else {
          const p = prepare(item.line, item.pair)
          if ('reason' in p) batch.errors.push(p)
          else batch.pairs.push(p)
        }
        if (batch.pairs.length + batch.refs.length >= batchSize || batch.errors.length >= MAX_ERRORS_PER_BATCH) {
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
    opened.close()
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
