// Projects the actor can see, with pair counts and how far human labelling has come (filled overlap
// slots, as the overview and the annotate page count them).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { countFilledSlotsByProject } from '../annotation/overlap-progress.ts'

export async function listProjects(actor: Actor) {
  const projects = await db.project.findMany({
    where: isStaff(actor) ? {} : { members: { some: { userId: actor.id } } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true, name: true, description: true, overlap: true, createdAt: true,
      _count: { select: { pairs: true, members: true } },
    },
  })
  const doneBy = await countFilledSlotsByProject(db, projects.map((p) => p.id))
  return projects.map(({ _count, ...p }) => ({
    ...p,
    pairCount: _count.pairs,
    memberCount: _count.members,
    humanLabels: doneBy.get(p.id) ?? 0,
    labelsNeeded: _count.pairs * p.overlap,
  }))
}
