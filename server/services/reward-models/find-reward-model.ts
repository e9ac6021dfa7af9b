// Loads a reward model for a researcher or admin, after the access checks every reward-model
// operation shares: staff only (the views show every label source), and access to its project.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

/** Why a non-staff caller is refused reward models. */
export const RM_STAFF_ONLY = 'Reward models are for researchers and admins'

export async function findRewardModel(actor: Actor, rewardModelId: string) {
  assertStaff(actor, RM_STAFF_ONLY)
  const rm = await db.rewardModel.findUnique({ where: { id: rewardModelId }, include: { job: { select: { status: true } } } })
  if (!rm) throw notFound('Reward model')
  await assertProjectAccess(actor, rm.projectId)
  return rm
}
