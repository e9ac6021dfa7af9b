// The body of an EVAL_RM job: scores the chosen and the rejected response of every pair of a benchmark
// set with the reward model's ONNX export (the scoring thread the scores page uses, a page of pairs at
// a time), stores both rewards per pair, then the results per subset and overall (accuracy, the two
// length baselines, the reward–length correlation: server/lib/benchmark-stats.ts). Pairs that already
// have rewards are skipped, so a retry, a continuation or a repeat costs only the rest.
import { db, Prisma } from '../../db/client.ts'
import { summariseBenchmark } from '../../lib/benchmark-stats.ts'
import { pairInputs } from '../../lib/dialogue-template.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { scoreTexts } from '../scoring/score-texts.ts'

/** Pairs per page: 256 texts, 8 of the scoring thread's batches; a stop is seen within a page. */
const PAGE = 128

async function scoreMissing(evaluationId: string, set: { id: string; template: 'AS_IS' | 'HUMAN_ASSISTANT'; pairCount: number }, modelDir: string, opts: JobEvents) {
  let done = await db.benchmarkScore.count({ where: { evaluationId } })
  const before = done
  if (done) await opts.emit({ type: 'log', message: `${done.toLocaleString('en')} of ${set.pairCount.toLocaleString('en')} pairs already have rewards; scoring the rest` })
  const started = performance.now()
  let cursor = -1
  for (;;) {
    opts.signal.throwIfAborted()
    const pairs = await db.benchmarkPair.findMany({
      where: { setId: set.id, ordinal: { gt: cursor }, scores: { none: { evaluationId } } }, orderBy: { ordinal: 'asc' }, take: PAGE,
      select: { id: true, ordinal: true, prompt: true, chosen: true, rejected: true },
    })
    if (!pairs.length) break
    cursor = pairs.at(-1)!.ordinal
    const rewards = await scoreTexts(modelDir, pairs.flatMap((p) => pairInputs(set.template, p)))
    await db.benchmarkScore.createMany({
      data: pairs.map((p, i) => ({ evaluationId, pairId: p.id, chosen: rewards[2 * i], rejected: rewards[2 * i + 1] })), skipDuplicates: true,
    })
    done += pairs.length
    await db.benchmarkEvaluation.update({ where: { id: evaluationId }, data: { pairsScored: done } })
    // The last 2% are the summary.
    await opts.emit({ type: 'progress', fraction: 0.98 * (done / Math.max(1, set.pairCount)), phase: `scored ${done.toLocaleString('en')} / ${set.pairCount.toLocaleString('en')} pairs` })
  }
  const seconds = (performance.now() - started) / 1000
  const scored = done - before
  if (scored) await opts.emit({ type: 'log', message: `scored ${scored.toLocaleString('en')} pairs (${(2 * scored).toLocaleString('en')} responses) in ${seconds.toFixed(1)} s: ${(scored / seconds).toFixed(1)} pairs/s` })
}

export async function runBenchmarkEvaluation(jobId: string, opts: JobEvents) {
  const evaluation = await db.benchmarkEvaluation.findUniqueOrThrow({ where: { jobId }, include: { rewardModel: true, set: true } })
  const { rewardModel: rm, set } = evaluation
  if (!rm.outputDir) throw new Error(`Reward model "${rm.name}" has no exported model yet: train it first`)
  await opts.emit({ type: 'progress', fraction: 0, phase: `scoring ${set.pairCount.toLocaleString('en')} pairs of "${set.name}"` })
  await scoreMissing(evaluation.id, set, rm.outputDir, opts)
  opts.signal.throwIfAborted()
  await opts.emit({ type: 'progress', fraction: 0.99, phase: 'computing accuracy and baselines' })
  const rows = await db.benchmarkScore.findMany({
    where: { evaluationId: evaluation.id },
    select: { chosen: true, rejected: true, pair: { select: { subset: true, chosenChars: true, rejectedChars: true } } },
  })
  const results = summariseBenchmark(rows.map((r) => ({ chosen: r.chosen, rejected: r.rejected, ...r.pair })))
  await db.benchmarkEvaluation.update({ where: { id: evaluation.id }, data: { results: results as unknown as Prisma.InputJsonValue, pairsScored: rows.length } })
  const o = results.overall
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`
  await opts.emit({ type: 'log', message: `accuracy ${pct(o.accuracy.value)} on ${o.n.toLocaleString('en')} pairs (longer wins: ${pct(o.longer.value)}, shorter wins: ${pct(o.shorter.value)}); reward–length r = ${o.lengthCorrelation?.toFixed(3) ?? 'n/a'}` })
  await opts.emit({ type: 'metric', step: 0, name: 'benchmark/accuracy', value: o.accuracy.value })
  await opts.emit({ type: 'progress', fraction: 1, phase: 'done' })
  return results
}
