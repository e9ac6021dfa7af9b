// A project's uploaded SFT files, newest first, for the SFT dialog's data source.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from './find-policy.ts'

export async function listSftDatasets(actor: Actor, projectId: string) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  return db.sftDataset.findMany({
    where: { projectId }, orderBy: { createdAt: 'desc' },
    select: { id: true, filename: true, examples: true, prompts: true, bytes: true, createdAt: true, createdBy: { select: { name: true } } },
  })
}
