// A project's judges with their latest run, and every AI rater with labels in the project (judges
// made here, per version, and imported external judges such as PandaLM's GPT-3.5), for the judges
// page and the dashboard picker.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { assertStaff } from '../../lib/actor.ts'
import { JUDGES_STAFF_ONLY } from './find-judge.ts'
import { toJudgeView, toRunView } from './judge-view.ts'

export type AiRater = { raterKey: string; name: string; labels: number; judgeId: string | null }

export async function listJudges(actor: Actor, projectId: string) {
  assertStaff(actor, JUDGES_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const judges = await db.judge.findMany({
    where: { projectId }, orderBy: { createdAt: 'asc' },
    include: { runs: { orderBy: { createdAt: 'desc' }, take: 1, include: { job: true } } },
  })
  const raters = await db.$queryRaw<{ raterKey: string; name: string | null; labels: number }[]>`
    SELECT l."raterKey", max(l."raterName") AS name, count(*)::int AS labels
    FROM "Label" l
    WHERE l."projectId" = ${projectId} AND l.source = 'AI'
    GROUP BY l."raterKey" ORDER BY l."raterKey"`
  const judgeOf = (key: string) => judges.find((j) => key.startsWith(`judge:${j.id}:`))?.id ?? null
  return {
    judges: judges.map((j) => ({ ...toJudgeView(j), lastRun: j.runs[0] ? toRunView(j.runs[0]) : null })),
    raters: raters.map((r): AiRater => ({ raterKey: r.raterKey, name: r.name ?? r.raterKey, labels: r.labels, judgeId: judgeOf(r.raterKey) })),
  }
}
