// How far the annotator and the project are: the annotator's labels in the project, and the
// project's human labels against pairs × overlap. Members only (staff: any project).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { readProgress, type Progress } from './queue-item.ts'

export async function getMyProgress(actor: Actor, projectId: string): Promise<Progress> {
  return db.$transaction(async (tx) => {
    const project = await assertProjectAccess(actor, projectId, tx)
    return readProgress(tx, actor.id, project)
  })
}
