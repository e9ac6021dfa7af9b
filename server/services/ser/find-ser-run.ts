// Loads an SER run for a researcher or admin, after the checks every SER operation shares: staff
// only (runs show self-labels and scores annotators must not see), and access to its project.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

export const SER_STAFF_ONLY = 'Self-evolution runs are for researchers and admins'

export async function findSerRun(actor: Actor, runId: string) {
  assertStaff(actor, SER_STAFF_ONLY)
  const run = await db.serRun.findUnique({ where: { id: runId } })
  if (!run) throw notFound('Self-evolution run')
  await assertProjectAccess(actor, run.projectId)
  return run
}

export async function findSerBatch(actor: Actor, batchId: string) {
  assertStaff(actor, SER_STAFF_ONLY)
  const batch = await db.serBatch.findUnique({ where: { id: batchId }, include: { run: true, round: true } })
  if (!batch) throw notFound('Self-label batch')
  await assertProjectAccess(actor, batch.run.projectId)
  return batch
}
