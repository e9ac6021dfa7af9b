// A project's policy evaluations, newest first; with policy ids, only those comparing at least one
// of them (the compare page asks for the runs it shows).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from '../policies/find-policy.ts'
import { policyEvalViewSelect, toPolicyEvalView } from './policy-eval-view.ts'

export async function listPolicyEvals(actor: Actor, projectId: string, policyIds: string[] = []) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const rows = await db.policyEval.findMany({
    where: { projectId, ...(policyIds.length ? { policies: { some: { policyId: { in: policyIds } } } } : {}) },
    orderBy: { createdAt: 'desc' }, take: 50, select: policyEvalViewSelect,
  })
  return rows.map(toPolicyEvalView)
}
