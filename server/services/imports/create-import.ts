// Accepts an upload: stores the bytes (streamed, size-limited), then creates the Import row and its
// IMPORT job in one transaction, so the worker sees the job only once the file and row exist.
import fs from 'node:fs'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { createImportRecord, parseImportOptions, type ImportOptions } from './create-import-record.ts'
import { maxUploadBytes } from './import-limits.ts'
import { storeUpload, tooLarge, type UploadBody } from './store-upload.ts'

export type CreateImportInput = ImportOptions & {
  body: UploadBody
  /** The Content-Length the client announced, if any: a larger one is refused before reading. */
  declaredBytes?: number | null
}

export async function createImport(actor: Actor, input: CreateImportInput) {
  assertStaff(actor, 'Importing data needs the researcher or admin role')
  const opts = parseImportOptions(input)
  await assertProjectAccess(actor, opts.projectId)
  const limit = maxUploadBytes()
  if (input.declaredBytes && input.declaredBytes > limit) throw tooLarge(limit)
  const file = await storeUpload(input.body, limit)
  try {
    return await createImportRecord(actor, opts, file, { enqueue: true })
  } catch (e) {
    await fs.promises.rm(file.path, { force: true })
    throw e
  }
}
