// Loads a judge for a researcher or admin, after the checks every judge operation shares: staff
// only (judges see and write AI labels), and access to the judge's project.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

/** Why a non-staff caller is refused judges. */
export const JUDGES_STAFF_ONLY = 'AI judges are for researchers and admins'

export async function findJudge(actor: Actor, judgeId: string) {
  assertStaff(actor, JUDGES_STAFF_ONLY)
  const judge = await db.judge.findUnique({ where: { id: judgeId } })
  if (!judge) throw notFound('Judge')
  await assertProjectAccess(actor, judge.projectId)
  return judge
}
