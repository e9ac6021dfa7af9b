// A project's policies (SFT and PPO runs, newest first) and its baseline sets, with status and headline numbers.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from './find-policy.ts'
import { baselineSetViewSelect, policyViewSelect, toPolicyView } from './policy-view.ts'

export async function listPolicies(actor: Actor, projectId: string) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const [policies, baselineSets] = await Promise.all([
    db.policy.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, select: policyViewSelect }),
    db.baselineSet.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, select: baselineSetViewSelect }),
  ])
  return { policies: policies.map(toPolicyView), baselineSets }
}
