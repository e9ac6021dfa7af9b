// Each annotator's accuracy on the project's gold pairs (their labels on pairs staff gave a gold
// answer; a tie counts only against a tie), with its 95% Wilson interval, flagged below the project's
// threshold once they have answered enough of them. One SQL aggregate, whatever the label count.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { wilson } from '../../lib/benchmark-stats.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

type Row = { userId: string; name: string; n: bigint; correct: bigint }

export async function getGoldAccuracy(actor: Actor, projectId: string) {
  assertStaff(actor, 'Gold accuracy is for researchers and admins')
  await assertProjectAccess(actor, projectId)
  const [settings, goldPairs, rows] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { goldRate: true, goldThreshold: true, goldMinAnswers: true } }),
    db.pair.count({ where: { projectId, goldChoice: { not: null } } }),
    db.$queryRaw<Row[]>`
      SELECT l."userId", u.name, count(*) AS n, count(*) FILTER (WHERE l.choice = p."goldChoice") AS correct
      FROM "Pair" p JOIN "Label" l ON l."pairId" = p.id JOIN "User" u ON u.id = l."userId"
      WHERE p."projectId" = ${projectId} AND p."goldChoice" IS NOT NULL AND l.source = 'HUMAN'
      GROUP BY l."userId", u.name ORDER BY u.name`,
  ])
  const annotators = rows.map((r) => {
    const n = Number(r.n)
    const correct = Number(r.correct)
    const accuracy = wilson(correct, n)
    return { userId: r.userId, name: r.name, answered: n, correct, accuracy, flagged: n >= settings.goldMinAnswers && accuracy.value < settings.goldThreshold }
  })
  return { goldPairs, settings, annotators }
}
