// Imports a file from the local disk (CLI, seed): copies it into the upload folder (same size limit as
// an upload), creates the Import and its Job row WITHOUT a queue message, so no worker picks it up,
// and runs it right here through the same job-status path as the worker (its final status is retried
// while the database is unreachable, as the worker's is). Returns the final Import.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { retryDb } from '../../lib/retry-db.ts'
import { badRequest } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { reportJobProgress } from '../jobs/report-job-progress.ts'
import { transitionJob } from '../jobs/transition-job.ts'
import { createImportRecord, parseImportOptions, type ImportOptions } from './create-import-record.ts'
import { maxUploadBytes } from './import-limits.ts'
import { runImport, type ImportProgress } from './run-import.ts'
import { storeUpload, tooLarge } from './store-upload.ts'

export type ImportLocalFileInput = Omit<ImportOptions, 'filename'> & { filePath: string; filename?: string }

async function storeLocalCopy(filePath: string) {
  const stat = await fs.promises.stat(filePath).catch(() => null)
  if (!stat?.isFile()) throw badRequest(`No such file: ${filePath}`)
  if (stat.size > maxUploadBytes()) throw tooLarge(maxUploadBytes())
  return storeUpload(fs.createReadStream(filePath), maxUploadBytes())
}

export async function importLocalFile(actor: Actor, input: ImportLocalFileInput, opts: { signal?: AbortSignal; onProgress?: ImportProgress } = {}) {
  assertStaff(actor, 'Importing data needs the researcher or admin role')
  const options = parseImportOptions({ ...input, filename: input.filename ?? path.basename(input.filePath) })
  await assertProjectAccess(actor, options.projectId)
  const file = await storeLocalCopy(input.filePath)
  let imp
  try {
    imp = await createImportRecord(actor, options, file, { enqueue: false })
  } catch (e) {
    await fs.promises.rm(file.path, { force: true })
    throw e
  }
  await transitionJob(imp.jobId, 'RUNNING')
  try {
    await runImport(imp.jobId, {
      signal: opts.signal ?? new AbortController().signal,
      emit: async (e) => {
        if (e.type !== 'progress') return
        await reportJobProgress(imp.jobId, e.fraction, e.phase)
        await opts.onProgress?.(e.fraction, e.phase)
      },
    })
    await retryDb(() => transitionJob(imp.jobId, 'SUCCEEDED', { phase: 'done' }))
  } catch (e) {
    if (opts.signal?.aborted) await retryDb(() => transitionJob(imp.jobId, 'CANCELLED', { phase: 'cancelled' }))
    else await retryDb(() => transitionJob(imp.jobId, 'FAILED', { error: e instanceof Error ? e.message : String(e) }))
  }
  return db.import.findUniqueOrThrow({ where: { id: imp.id }, include: { job: true } })
}
