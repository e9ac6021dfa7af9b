// Runs one stored import: parse, check, write, count. Called by the worker's IMPORT task and inline
// by importLocalFile; the caller moves the Job's status. SKIP_INVALID is one pass that records bad
// lines and imports the rest, each batch committed with its counters, so the Import row never
// counts half a batch. ALL_OR_NOTHING first parses the whole file without writing, then writes it
// in ONE transaction on the bulk connection: whatever stops it (a line found bad late, a cancel, the
// database going away, the worker killed), PostgreSQL rolls everything back, so nothing is left by
// construction rather than by a clean-up that needs the database. The stored file is deleted at the
// end, whatever happened.
import fs from 'node:fs'
import { db } from '../../db/client.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import type { Import } from '../../db/generated/client.ts'
import { connectionFault, DatabaseConnectionLost } from '../../lib/db-errors.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { invalidSummary, withBatch, withErrors, withWarnings, zeroCounters, type ImportCounters } from './import-counters.ts'
import { inTransaction, withBulkConnection, type BulkClient } from './bulk-connection.ts'
import { insertImportBatch, resolveSourceRefs, unresolvedReason } from './insert-import-batch.ts'
import { readAhead, readImportBatches, type ImportBatch, type LineError } from './read-import-batches.ts'

export type ImportProgress = (fraction: number, phase: string) => Promise<void> | void

/** ALL_OR_NOTHING: share of the progress bar given to the checking pass (parsing only, fast). */
const CHECK_SHARE = 0.3
const n = (x: number) => x.toLocaleString('en-US')

type Progress = (fraction: number, phase: string, force?: boolean) => Promise<void>

// Progress goes to the Job row: a few writes a second are plenty for a 500 ms poll. The first report
// of a new phase ("checking", "importing") always goes through.
function throttled(emit: JobEvents['emit']): Progress {
  const fn: ImportProgress = (fraction, phase) => emit({ type: 'progress', fraction, phase })
  let last = 0
  let lastPhase = ''
  return async (fraction, phase, force = false) => {
    const now = Date.now()
    const kind = phase.split(':')[0]
    if (!force && kind === lastPhase && now - last < 200) return
    last = now
    lastPhase = kind
    await fn(fraction, phase)
  }
}

function checkCancelled(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The import was cancelled')
}

async function saveCounters(importId: string, c: ImportCounters) {
  await db.import.update({ where: { id: importId }, data: c })
}

/** The same write on the bulk connection, inside its transaction. */
async function saveCountersWith(client: BulkClient, importId: string, c: ImportCounters) {
  await client.query(
    `UPDATE "Import" SET "linesRead" = $2, "pairsCreated" = $3, "pairsExisting" = $4, "labelsCreated" = $5, "invalidLines" = $6, "errors" = $7::jsonb, "warningCount" = $8, "warnings" = $9::jsonb WHERE "id" = $1`,
    [importId, c.linesRead, c.pairsCreated, c.pairsExisting, c.labelsCreated, c.invalidLines, JSON.stringify(c.errors), c.warningCount, JSON.stringify(c.warnings)],
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
    c = withWarnings(withErrors(c, [...b.errors, ...unresolved].sort((x, y) => x.line - y.line), b.linesRead), b.warnings)
    await progress(CHECK_SHARE * b.fraction, `checking: ${n(c.linesRead)} lines read, ${n(c.invalidLines)} invalid`)
  }
  if (c.invalidLines > 0) {
    await saveCounters(imp.id, c)
    throw badRequest(invalidSummary(c, '; nothing imported'))
  }
}

/** One batch's rows. Returns the counters after it and how many of its items were valid. */
async function writeRows(client: BulkClient, imp: Import, c: ImportCounters, b: ImportBatch) {
  const r = await insertImportBatch(client, { importId: imp.id, projectId: imp.projectId }, b.pairs, b.refs)
  if (imp.mode === 'ALL_OR_NOTHING' && (b.errors.length || r.unresolved.length)) {
    // Checked in pass 1; only a pair deleted meanwhile gets here. The transaction rolls back.
    throw badRequest(invalidSummary(withErrors(c, [...b.errors, ...r.unresolved]), '; nothing imported'))
  }
  return { next: withBatch(c, r, b.errors, b.linesRead, b.warnings), valid: b.pairs.length + b.refs.length - r.unresolved.length }
}

/** The writing pass: SKIP_INVALID commits batch by batch, ALL_OR_NOTHING all at once. */
async function writeAll(client: BulkClient, imp: Import, signal: AbortSignal | undefined, progress: Progress, from: number) {
  const all = imp.mode === 'ALL_OR_NOTHING'
  const pass = async () => {
    let c = zeroCounters()
    let valid = 0
    for await (const b of readAhead(readImportBatches(imp))) {
      checkCancelled(signal)
      if (!b.tick) {
        const res = all ? await writeRows(client, imp, c, b) : await inTransaction(client, async () => {
          const done = await writeRows(client, imp, c, b)
          await saveCountersWith(client, imp.id, done.next)
          return done
        })
        c = res.next
        valid += res.valid
      }
      await progress(from + (1 - from) * b.fraction, `importing: ${n(c.pairsCreated)} new pairs, ${n(c.pairsExisting)} already present, ${n(c.labelsCreated)} labels`)
    }
    if (all) await saveCountersWith(client, imp.id, c)
    if (valid === 0) throw badRequest(c.invalidLines ? invalidSummary(c, '; nothing could be imported') : 'The file holds no records to import')
  }
  await (all ? inTransaction(client, pass) : pass())
}

/** A lost connection is worded for the person who started the import, with what is left of it. */
function readable(e: unknown, imp: Import, signal?: AbortSignal): unknown {
  const fault = signal?.aborted ? null : connectionFault(e)
  if (!fault) return e
  // SKIP_INVALID commits every batch, so only all-or-nothing has one commit that decides everything.
  const unknown = imp.mode === 'ALL_OR_NOTHING' && e instanceof DatabaseConnectionLost && e.duringCommit
  const left = unknown
    ? 'It broke on the final commit, so whether the import was saved is unknown: check the Data tab; uploading the file again adds only what is missing.'
    : imp.mode === 'ALL_OR_NOTHING'
      ? 'Nothing was imported (all or nothing); upload the file again when the database is back.'
      : 'The batches written before it are kept; uploading the file again adds only what is missing.'
  return new Error(`The database connection was lost during the import: ${fault}. ${left}`, { cause: e })
}

/** The work of an IMPORT job (the task) and of an import run inline (importLocalFile). */
export async function runImport(jobId: string, opts: JobEvents): Promise<Import> {
  const imp = await db.import.findUnique({ where: { jobId } })
  if (!imp) throw notFound('Import')
  const progress = throttled(opts.emit)
  try {
    await saveCounters(imp.id, zeroCounters())
    await withBulkConnection(async (client) => {
      if (imp.mode === 'ALL_OR_NOTHING') await checkAll(client, imp, opts.signal, progress)
      await writeAll(client, imp, opts.signal, progress, imp.mode === 'ALL_OR_NOTHING' ? CHECK_SHARE : 0)
    })
    await progress(1, 'done', true)
  } catch (e) {
    throw readable(e, imp, opts.signal)
  } finally {
    await fs.promises.rm(imp.storedPath, { force: true })
  }
  return db.import.findUniqueOrThrow({ where: { id: imp.id } })
}
