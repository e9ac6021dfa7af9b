// Loads a policy evaluation for a researcher or admin, after the checks every evaluation operation
// shares: staff only, and access to its project.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from '../policies/find-policy.ts'

export async function findPolicyEval(actor: Actor, evalId: string) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  const ev = await db.policyEval.findUnique({ where: { id: evalId }, select: { id: true, projectId: true } })
  if (!ev) throw notFound('Evaluation')
  await assertProjectAccess(actor, ev.projectId)
  return ev
}
