// Scores every pair of a project with a reward model (ONNX, in the scoring thread) and stores
// r(prompt, A) and r(prompt, B) per pair. Upserts, in pages: safe to run twice or resume.
import { db } from '../../db/client.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { scoreTexts } from './score-texts.ts'

const PAGE = 256

export async function scoreProjectPairs(jobId: string, opts: JobEvents) {
  const run = await db.scoreRun.findUniqueOrThrow({ where: { jobId }, include: { rewardModel: true } })
  const { rewardModel: rm } = run
  if (!rm.outputDir) throw new Error(`Reward model "${rm.name}" has no exported model yet: train it first`)
  const total = await db.pair.count({ where: { projectId: rm.projectId } })
  let cursor = -1
  let done = 0
  for (;;) {
    if (opts.signal.aborted) throw new Error('cancelled')
    const pairs = await db.pair.findMany({
      where: { projectId: rm.projectId, ordinal: { gt: cursor } }, orderBy: { ordinal: 'asc' }, take: PAGE,
      select: { id: true, ordinal: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } } },
    })
    if (!pairs.length) break
    cursor = pairs.at(-1)!.ordinal
    const scores = await scoreTexts(rm.outputDir, pairs.flatMap((p) => [p.prompt.text + p.responseA.text, p.prompt.text + p.responseB.text]))
    await db.$transaction(pairs.map((p, i) => db.pairScore.upsert({
      where: { rewardModelId_pairId: { rewardModelId: rm.id, pairId: p.id } },
      create: { rewardModelId: rm.id, pairId: p.id, scoreA: scores[2 * i], scoreB: scores[2 * i + 1] },
      update: { scoreA: scores[2 * i], scoreB: scores[2 * i + 1] },
    })))
    done += pairs.length
    await db.scoreRun.update({ where: { id: run.id }, data: { pairsScored: done } })
    await opts.emit({ type: 'progress', fraction: done / Math.max(1, total), phase: `scored ${done} / ${total} pairs` })
  }
  return done
}
