// What both judging steps of a policy evaluation share: the judge's config as the evaluation copied it
// (pairwise judges always see both orders), its provider, and the counters of requests and cost,
// added to the row after each page so a crashed attempt's spend is kept.
import { db } from '../../db/client.ts'
import { judgeConfigSchema, type JudgeConfig } from '../../judge/config.ts'
import { createJudgeProvider, type RunProvider } from '../judges/create-judge-provider.ts'

export type EvalJudge = { judgeId: string; version: number; config: JudgeConfig; provider: RunProvider }

export async function openEvalJudge(evalId: string, which: 'judge' | 'harmJudge'): Promise<EvalJudge | null> {
  const ev = await db.policyEval.findUniqueOrThrow({ where: { id: evalId } })
  const copied = (ev.config as Record<string, { judgeId: string; version: number; config: unknown } | null>)[which]
  if (!copied) return null
  const judge = await db.judge.findUnique({ where: { id: copied.judgeId } })
  if (!judge) throw new Error('The judge of this evaluation was deleted')
  const parsed = judgeConfigSchema.parse(copied.config)
  const config = { ...parsed, prompt: { ...parsed.prompt, orderSwap: true } }
  return { judgeId: judge.id, version: copied.version, config, provider: createJudgeProvider(config, judge) }
}

export function createSpendCounter(evalId: string) {
  let requests = 0
  let costUsd = 0
  return {
    add(r: number, c: number) { requests += r; costUsd += c },
    async flush() {
      if (!requests && !costUsd) return
      const data = { judgeRequests: { increment: requests }, judgeCostUsd: { increment: costUsd } }
      requests = 0
      costUsd = 0
      await db.policyEval.update({ where: { id: evalId }, data })
    },
  }
}
