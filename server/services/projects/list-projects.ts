// Projects the actor can see, with pair counts and how far human labelling has come.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'

export async function listProjects(actor: Actor) {
  const projects = await db.project.findMany({
    where: isStaff(actor) ? {} : { members: { some: { userId: actor.id } } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true, name: true, description: true, overlap: true, createdAt: true,
      _count: { select: { pairs: true, members: true } },
    },
  })
  const done = await db.assignment.groupBy({
    by: ['projectId'], where: { status: 'DONE', projectId: { in: projects.map((p) => p.id) } }, _count: true,
  })
  const doneBy = new Map(done.map((d) => [d.projectId, d._count]))
  return projects.map(({ _count, ...p }) => ({
    ...p,
    pairCount: _count.pairs,
    memberCount: _count.members,
    humanLabels: doneBy.get(p.id) ?? 0,
    labelsNeeded: _count.pairs * p.overlap,
  }))
}
