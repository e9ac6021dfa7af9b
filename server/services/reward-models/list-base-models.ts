// The base models reward models start from, with whether each is usable: a built-in GPT once its
// pretraining succeeded, a Hugging Face folder while it passes the same check as when it was chosen
// (check-hf-folder.ts: inside the model folders, config.json and weights). A folder that is gone is
// MISSING; one that is there but fails the check is FAILED, with the reason in `problem`.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { hfFolderProblem } from './check-hf-folder.ts'
import { assertStaff } from '../../lib/actor.ts'
import { RM_STAFF_ONLY } from './find-reward-model.ts'

export type BaseModelStatus = 'READY' | 'PRETRAINING' | 'FAILED' | 'MISSING'

export async function listBaseModels(actor: Actor) {
  assertStaff(actor, RM_STAFF_ONLY)
  const rows = await db.baseModel.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true, name: true, source: true, ref: true, path: true, createdAt: true,
      job: { select: { id: true, status: true, progress: true, phase: true, error: true, startedAt: true, finishedAt: true } },
      _count: { select: { rewardModels: true } },
    },
  })
  // How long pretraining each size took on this server (its latest successful run): the estimate
  // the train dialog shows, measured here rather than a constant.
  const took = new Map<string, number>()
  for (const b of rows) {
    const j = b.job
    if (b.source === 'BUILTIN' && j?.status === 'SUCCEEDED' && j.startedAt && j.finishedAt) took.set(b.ref, (+j.finishedAt - +j.startedAt) / 1000)
  }
  return rows.map(({ path: dir, _count, ...b }) => {
    let status: BaseModelStatus
    let problem: string | null = null
    if (b.source === 'HF_FOLDER') {
      const p = dir ? hfFolderProblem(dir) : { missing: true, message: 'no folder recorded' }
      status = p === null ? 'READY' : p.missing ? 'MISSING' : 'FAILED'
      problem = p?.message ?? null
    } else if (dir) status = fs.existsSync(path.join(dir, 'config.json')) ? 'READY' : 'MISSING' // deleted by hand: the next run pretrains it again
    else status = b.job && ['QUEUED', 'RUNNING'].includes(b.job.status) ? 'PRETRAINING' : 'FAILED'
    return { ...b, status, problem, rewardModels: _count.rewardModels, pretrainSeconds: took.get(b.ref) ?? null }
  })
}
