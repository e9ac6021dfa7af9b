// The runs a researcher can pick on the compare page: every SFT and PPO policy of the project, newest
// first, each tagged by the label source of its reward (RLHF, RLAIF, SER, d-RLAIF, SFT).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from '../policies/find-policy.ts'
import { compareRunSelect, toCompareRun } from './compare-runs-select.ts'

export async function listComparableRuns(actor: Actor, projectId: string) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const rows = await db.policy.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, select: compareRunSelect })
  return rows.map(toCompareRun)
}
