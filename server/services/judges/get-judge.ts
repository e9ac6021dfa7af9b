// One judge with all its runs (newest first), for the judge's page.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { findJudge } from './find-judge.ts'
import { toJudgeView, toRunView } from './judge-view.ts'

export async function getJudge(actor: Actor, judgeId: string) {
  const judge = await findJudge(actor, judgeId)
  const runs = await db.judgeRun.findMany({ where: { judgeId }, orderBy: { createdAt: 'desc' }, take: 50, include: { job: true } })
  return { ...toJudgeView(judge), runs: runs.map(toRunView) }
}
