// Scores pool pairs with a reward model's ONNX export in the scoring thread (onnxruntime-node), in
// pages of 256 pairs, storing r(prompt, A) and r(prompt, B) per pair as it goes (resumable), with
// the job's progress. `storePairScores` also takes the trainer backend's results.
import { db } from '../../db/client.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { scoreTexts } from '../scoring/score-texts.ts'

const PAGE = 256

export async function storePairScores(rewardModelId: string, rows: { pairId: string; scoreA: number; scoreB: number }[]) {
  for (let i = 0; i < rows.length; i += 5000) {
    await db.pairScore.createMany({ data: rows.slice(i, i + 5000).map((r) => ({ rewardModelId, ...r })), skipDuplicates: true })
  }
}

export async function scorePoolPairs(rm: { id: string; outputDir: string }, pairIds: string[], opts: JobEvents) {
  for (let i = 0; i < pairIds.length; i += PAGE) {
    opts.signal.throwIfAborted()
    const pairs = await db.pair.findMany({
      where: { id: { in: pairIds.slice(i, i + PAGE) } },
      select: { id: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } } },
    })
    const r = await scoreTexts(rm.outputDir, pairs.flatMap((p) => [p.prompt.text + p.responseA.text, p.prompt.text + p.responseB.text]))
    await storePairScores(rm.id, pairs.map((p, j) => ({ pairId: p.id, scoreA: r[2 * j], scoreB: r[2 * j + 1] })))
    const done = Math.min(pairIds.length, i + PAGE)
    await opts.emit({ type: 'progress', fraction: 0.95 * done / pairIds.length, phase: `scored ${done.toLocaleString('en-US')} / ${pairIds.length.toLocaleString('en-US')} pool pairs` })
  }
}
