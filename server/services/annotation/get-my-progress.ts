// How far the annotator and the project are: the annotator's labels against their expected share
// (pairs × overlap ÷ annotators, less what imports cover), and the project's filled overlap slots
// (imported human labels included when they count) against pairs × overlap. Members only (staff: any).
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
