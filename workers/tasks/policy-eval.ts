// Task: evaluate policies against each other (generate, held-out RM verdicts, judge verdicts in both
// orders, harm verdicts, summary). Each step resumes from what is stored, so a retry is cheap.
import { compareByRewardModel } from '../../server/services/evaluations/compare-by-reward-model.ts'
import { judgeEvalComparisons } from '../../server/services/evaluations/judge-eval-comparisons.ts'
import { judgeEvalHarm } from '../../server/services/evaluations/judge-eval-harm.ts'
import { preparePolicyEval } from '../../server/services/evaluations/prepare-policy-eval.ts'
import { storeEvalGenerations } from '../../server/services/evaluations/store-eval-generations.ts'
import { summarisePolicyEval } from '../../server/services/evaluations/summarise-policy-eval.ts'
import type { Task } from '../run-job.ts'
import { runTrainerForJob } from '../trainer-process.ts'

// Shares of the progress bar: generating, then judging pairs, then asking about harm.
const GENERATE = 0.4
const COMPARE = 0.45

export const policyEvalTask: Task = async (ctx) => {
  const { ev, workDir, config } = await preparePolicyEval(ctx.jobId, ctx)
  if (config) {
    const scaled = { ...ctx, emit: (e: Parameters<typeof ctx.emit>[0]) => ctx.emit(e.type === 'progress' ? { ...e, fraction: e.fraction * GENERATE } : e) }
    const artefacts = await runTrainerForJob(scaled, 'policy-eval', config, workDir)
    await storeEvalGenerations(ev.id, artefacts.generations)
  }
  await compareByRewardModel(ev.id)
  await summarisePolicyEval(ev.id)
  const step = (from: number, width: number, phase: string) => (done: number, total: number) =>
    ctx.emit({ type: 'progress', fraction: from + width * (total ? done / total : 1), phase })
  const pairs = await judgeEvalComparisons(ev.id, ctx, step(GENERATE, COMPARE, 'judging pairs'))
  await summarisePolicyEval(ev.id)
  const harm = await judgeEvalHarm(ev.id, ctx, step(GENERATE + COMPARE, 0.98 - GENERATE - COMPARE, 'judging harm'))
  await summarisePolicyEval(ev.id)
  const unreadable = pairs.unreadable + harm.unreadable
  // Like a judge run: an unreadable answer is logged and left without a verdict, never guessed.
  if (unreadable) await ctx.emit({ type: 'log', level: 'WARN', message: `${unreadable} judge answers could not be read; their comparisons have no verdict (a new evaluation asks again)` })
  await ctx.emit({ type: 'progress', fraction: 1, phase: 'done' })
}
