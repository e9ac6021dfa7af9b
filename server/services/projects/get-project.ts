// One project as its overview page shows it: settings, counts, the actor's own progress.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from './assert-project-access.ts'

export async function getProject(actor: Actor, projectId: string) {
  const project = await assertProjectAccess(actor, projectId)
  const [pairCount, labelledByMe, doneAssignments, labelsBySource] = await Promise.all([
    db.pair.count({ where: { projectId } }),
    db.assignment.count({ where: { projectId, userId: actor.id, status: 'DONE' } }),
    db.assignment.count({ where: { projectId, status: 'DONE' } }),
    db.label.groupBy({ by: ['source'], where: { pair: { projectId } }, _count: true }),
  ])
  return {
    ...project,
    pairCount,
    labelledByMe,
    humanLabels: doneAssignments,
    labelsNeeded: pairCount * project.overlap,
    labelsBySource: Object.fromEntries(labelsBySource.map((l) => [l.source, l._count])) as Record<string, number>,
  }
}
