// A project's import history, newest first, for the Data tab.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { importViewSelect, toImportView } from './import-view.ts'

export async function listImports(actor: Actor, projectId: string, limit = 50) {
  assertStaff(actor, 'Imports are visible to researchers and admins')
  await assertProjectAccess(actor, projectId)
  const rows = await db.import.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, take: limit, select: importViewSelect })
  return rows.map(toImportView)
}
