// A project's reward models, newest first, for the Reward models tab: settings, job status and
// progress, base model and headline metrics (live ones while a model still trains).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { assertStaff } from '../../lib/actor.ts'
import { RM_STAFF_ONLY } from './find-reward-model.ts'
import { readLiveHeadlines } from './read-live-headlines.ts'
import { rewardModelViewSelect, toRewardModelView } from './reward-model-view.ts'

export async function listRewardModels(actor: Actor, projectId: string, limit = 200) {
  assertStaff(actor, RM_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const rows = await db.rewardModel.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, take: limit, select: rewardModelViewSelect })
  const live = await readLiveHeadlines(rows.filter((r) => r.summary === null).map((r) => r.job.id))
  return rows.map((r) => toRewardModelView(r, live.get(r.job.id)))
}
