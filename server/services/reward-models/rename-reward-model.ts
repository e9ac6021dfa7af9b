// Renames a reward model; names are unique in a project (the database says so too), so a taken name
// is refused rather than suffixed: the user asked for exactly this one. Audited with both names.
import { db, Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { findRewardModel } from './find-reward-model.ts'

const taken = (name: string) => new ServiceError('CONFLICT', `Another reward model of this project is already named "${name}"`)

export async function renameRewardModel(actor: Actor, rewardModelId: string, name: string) {
  const rm = await findRewardModel(actor, rewardModelId)
  if (rm.name === name) return rm
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.rewardModel.findUnique({ where: { projectId_name: { projectId: rm.projectId, name } }, select: { id: true } })) throw taken(name)
      const renamed = await tx.rewardModel.update({ where: { id: rm.id }, data: { name } })
      await recordAudit(tx, { userId: actor.id, action: 'reward-model.rename', entityType: 'RewardModel', entityId: rm.id, detail: { from: rm.name, to: name } })
      return renamed
    })
  } catch (e) {
    // Two renames to the same name at once: the unique index refuses the second.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw taken(name)
    throw e
  }
}
