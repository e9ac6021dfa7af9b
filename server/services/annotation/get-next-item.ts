// The annotator's current item in a project: the open lease they already hold (so a reload or a
// second tab shows the same pair), else a newly claimed pair that still needs annotators, else
// `done`. Members only (staff: any project). Claiming is idempotent, so this is a query.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { lockAnnotator } from './queue.ts'
import { nextItem, type QueueItem } from './queue-item.ts'

export async function getNextItem(actor: Actor, projectId: string): Promise<QueueItem> {
  return db.$transaction(async (tx) => {
    const project = await assertProjectAccess(actor, projectId, tx)
    await lockAnnotator(tx, actor.id)
    // Exact progress: this opens a visit (page load, reload), once per visit, not once per label.
    return nextItem(tx, actor.id, project, true)
  })
}
