// Loads a policy for a researcher or admin, after the checks every policy operation shares: staff
// only, and access to its project.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

/** Why a non-staff caller is refused policies. */
export const POLICIES_STAFF_ONLY = 'Policies are for researchers and admins'

export async function findPolicy(actor: Actor, policyId: string) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  const policy = await db.policy.findUnique({ where: { id: policyId }, include: { job: true } })
  if (!policy) throw notFound('Policy')
  await assertProjectAccess(actor, policy.projectId)
  return policy
}
