// Runs one stored import: parse, check, write in batches, count. Called by the worker's IMPORT task
// and inline by importLocalFile; the caller moves the Job's status. SKIP_INVALID is one pass that
// records bad lines and imports the rest; ALL_OR_NOTHING first parses the whole file without writing
// and imports only when no line is invalid. Each batch commits with its counters, so the Import row
// never counts half a batch. The stored file is deleted at the end, whatever happened.
import fs from 'node:fs'
import { db } from '../../db/client.ts'
import type { Import } from '../../db/generated/client.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { invalidSummary, withBatch, withErrors, zeroCounters, type ImportCounters } from './import-counters.ts'
import { inTransaction, withBulkConnection, type BulkClient } from './bulk-connection.ts'
import { insertImportBatch, resolveSourceRefs, unresolvedReason } from './insert-import-batch.ts'
import { readAhead, readImportBatches, type ImportBatch, type LineError } from './read-import-batches.ts'
import { undoImportRows } from './undo-import-rows.ts'

export type ImportProgress = (fraction: number, phase: string) => Promise<void> | void
export type RunImportOptions = { signal?: AbortSignal; onProgress?: ImportProgress }

/** ALL_OR_NOTHING: share of the progress bar given to the checking pass (parsing only, fast). */
const CHECK_SHARE = 0.3
const n = (x: number) => x.toLocaleString('en-US')

type Progress = (fraction: number, phase: string, force?: boolean) => Promise<void>

// Progress goes to the Job row: a few writes a second are plenty for a 500 ms poll. The first report
// of a new phase ("checking", "importing") always goes through.
function throttled(fn?: ImportProgress): Progress {
  let last = 0
  let lastPhase = ''
  return async (fraction, phase, force = false) => {
    const now = Date.now()
    const kind = phase.split(':')[0]
    if (!fn || (!force && kind === lastPhase && now - last < 200)) return
    last = now
    lastPhase = kind
    await fn(fraction, phase)
  }
}

function checkCancelled(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The import was cancelled')
}

async function saveCounters(importId: string, c: ImportCounters) {
  await db.import.update({ where: { id: importId }, data: { ...c, errors: c.errors } })
}

/** The same write on the bulk connection, inside the batch's transaction. */
async function saveCountersWith(client: BulkClient, importId: string, c: ImportCounters) {
  await client.query(
    `UPDATE "Import" SET "linesRead" = $2, "pairsCreated" = $3, "pairsExisting" = $4, "labelsCreated" = $5, "invalidLines" = $6, "errors" = $7::jsonb WHERE "id" = $1`,
    [importId, c.linesRead, c.pairsCreated, c.pairsExisting, c.labelsCreated, c.invalidLines, JSON.stringify(c.errors)],
  )
}

/** ALL_OR_NOTHING, pass 1: parse everything and check label references; write nothing but the errors. */
async function checkAll(client: BulkClient, imp: Import, signal: AbortSignal | undefined, progress: Progress) {
  let c = zeroCounters()
  const refsInFile = new Set<string>()
  for await (const b of readImportBatches(imp)) {
    checkCancelled(signal)
    for (const p of b.pairs) if (p.pair.sourceRef) refsInFile.add(p.pair.sourceRef)
    const pending = b.refs.filter((r) => !refsInFile.has(r.ref.sourceRef))
    const found = await resolveSourceRefs(client, imp.projectId, pending.map((r) => r.ref.sourceRef))
    const unresolved: LineError[] = pending.filter((r) => !found.has(r.ref.sourceRef)).map((r) => ({ line: r.line, reason: unresolvedReason(r.line, r.ref.sourceRef) }))
    c = withErrors(c, [...b.errors, ...unresolved].sort((x, y) => x.line - y.line), b.linesRead)
    await progress(CHECK_SHARE * b.fraction, `checking: ${n(c.linesRead)} lines read, ${n(c.invalidLines)} invalid`)
  }
  if (c.invalidLines > 0) {
    await saveCounters(imp.id, c)
    throw badRequest(invalidSummary(c, '; nothing imported'))
  }
}

async function writeBatch(client: BulkClient, imp: Import, c: ImportCounters, b: ImportBatch) {
  return inTransaction(client, async () => {
    const r = await insertImportBatch(client, { importId: imp.id, projectId: imp.projectId }, b.pairs, b.refs)
    if (imp.mode === 'ALL_OR_NOTHING' && (b.errors.length || r.unresolved.length)) {
      // Checked in pass 1; only a pair deleted meanwhile gets here. Nothing of this batch commits.
      throw badRequest(invalidSummary(withErrors(c, [...b.errors, ...r.unresolved]), '; nothing imported'))
    }
    const next = withBatch(c, r, b.errors, b.linesRead)
    await saveCountersWith(client, imp.id, next)
    return { next, valid: b.pairs.length + b.refs.length - r.unresolved.length }
  })
}

/** The writing pass: one transaction per batch. Returns the final counters and how many items were valid. */
async function writeAll(client: BulkClient, imp: Import, signal: AbortSignal | undefined, progress: Progress, from: number) {
  let c = zeroCounters()
  let valid = 0
  for await (const b of readAhead(readImportBatches(imp))) {
    checkCancelled(signal)
    const res = await writeBatch(client, imp, c, b)
    c = res.next
    valid += res.valid
    await progress(from + (1 - from) * b.fraction, `importing: ${n(c.pairsCreated)} new pairs, ${n(c.pairsExisting)} already present, ${n(c.labelsCreated)} labels`)
  }
  return { c, valid }
}

export async function runImport(importId: string, opts: RunImportOptions = {}): Promise<Import> {
  const imp = await db.import.findUnique({ where: { id: importId } })
  if (!imp) throw notFound('Import')
  const progress = throttled(opts.onProgress)
  const startedAt = new Date()
  let writing = false
  try {
    await saveCounters(imp.id, zeroCounters())
    const { c, valid } = await withBulkConnection(async (client) => {
      if (imp.mode === 'ALL_OR_NOTHING') await checkAll(client, imp, opts.signal, progress)
      writing = true
      return writeAll(client, imp, opts.signal, progress, imp.mode === 'ALL_OR_NOTHING' ? CHECK_SHARE : 0)
    })
    if (valid === 0) throw badRequest(c.invalidLines ? invalidSummary(c, '; nothing could be imported') : 'The file holds no records to import')
    await progress(1, 'done', true)
  } catch (e) {
    if (writing && imp.mode === 'ALL_OR_NOTHING') await undoImportRows(imp, startedAt)
    throw e
  } finally {
    await fs.promises.rm(imp.storedPath, { force: true })
  }
  return db.import.findUniqueOrThrow({ where: { id: importId } })
}
