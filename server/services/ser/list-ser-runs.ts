// A project's SER runs, newest first, with their status, rounds so far and the latest round's figures.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { SER_STAFF_ONLY } from './find-ser-run.ts'
import { loadSerRunView } from './ser-run-view.ts'

export async function listSerRuns(actor: Actor, projectId: string) {
  assertStaff(actor, SER_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const ids = await db.serRun.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, select: { id: true }, take: 200 })
  return Promise.all(ids.map((r) => loadSerRunView(r.id)))
}
