// One project as its overview page shows it: settings, counts, the actor's own progress. The
// project's progress is the annotate page's figure: filled overlap slots, imported human labels
// included when the project counts them toward the overlap.
import { db } from '../../db/client.ts'
import { isStaff, type Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from './assert-project-access.ts'
import { countFilledSlots } from '../annotation/overlap-progress.ts'

export async function getProject(actor: Actor, projectId: string) {
  const project = await assertProjectAccess(actor, projectId)
  const [pairCount, labelledByMe, filledSlots, labelsBySource] = await Promise.all([
    db.pair.count({ where: { projectId } }),
    db.assignment.count({ where: { projectId, userId: actor.id, status: 'DONE' } }),
    countFilledSlots(db, projectId),
    db.label.groupBy({ by: ['source'], where: { projectId }, _count: true }),
  ])
  // Annotators are not told how gold pairs are mixed into their queue (they are served blind).
  const { goldRate, goldThreshold, goldMinAnswers, ...settings } = project
  return {
    ...settings,
    ...(isStaff(actor) ? { goldRate, goldThreshold, goldMinAnswers } : {}),
    pairCount,
    labelledByMe,
    humanLabels: filledSlots,
    labelsNeeded: pairCount * project.overlap,
    labelsBySource: Object.fromEntries(labelsBySource.map((l) => [l.source, l._count])) as Record<string, number>,
  }
}
