// One import with its job's status and progress; the upload form polls this while the job runs.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { importViewSelect, toImportView } from './import-view.ts'

export async function getImport(actor: Actor, importId: string) {
  assertStaff(actor, 'Imports are visible to researchers and admins')
  const row = await db.import.findUnique({ where: { id: importId }, select: importViewSelect })
  if (!row) throw notFound('Import')
  await assertProjectAccess(actor, row.projectId)
  return toImportView(row)
}
