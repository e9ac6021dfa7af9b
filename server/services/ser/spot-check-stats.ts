// How a batch's self-labels fare against people: the blind spot-check (human labels annotators gave
// on the sampled pairs after the batch was proposed: agreement with the self-label, a tie counting
// half, with its 95% Wilson interval) and, in experiment mode, the whole batch against the pool's
// hidden human labels (their human reference, README "The human reference", from the labels given before the run started).
import { db } from '../../db/client.ts'
import { wilson, type Rate } from '../../lib/benchmark-stats.ts'
import { humanReferenceOf } from '../../lib/human-reference.ts'

const credit = (label: string, self: string): number => (label === self ? 1 : label === 'TIE' ? 0.5 : 0)

export async function spotCheckProgress(batchId: string) {
  const batch = await db.serBatch.findUniqueOrThrow({ where: { id: batchId }, select: { createdAt: true, spotCheckSize: true } })
  const answered = await db.serSelfLabel.count({
    where: { batchId, spotCheck: true, pair: { labels: { some: { source: 'HUMAN', userId: { not: null }, createdAt: { gte: batch.createdAt } } } } },
  })
  return { size: batch.spotCheckSize, answered }
}

export type BatchAgreement = { spotCheck: { size: number; answered: number; labels: number; agreement: Rate | null }; hidden: { pairs: number; accuracy: Rate | null } | null }

export async function batchAgreement(batchId: string): Promise<BatchAgreement> {
  const batch = await db.serBatch.findUniqueOrThrow({ where: { id: batchId }, select: { createdAt: true, spotCheckSize: true, run: { select: { experiment: true, createdAt: true, project: { select: { minHumanLabels: true } } } } } })
  const spot = await db.serSelfLabel.findMany({
    where: { batchId, spotCheck: true },
    select: { choice: true, pair: { select: { labels: { where: { source: 'HUMAN', userId: { not: null }, createdAt: { gte: batch.createdAt } }, select: { choice: true } } } } },
  })
  const given = spot.flatMap((s) => s.pair.labels.map((l) => credit(l.choice, s.choice)))
  const agree = given.reduce((a, b) => a + b, 0)
  const spotCheck = { size: batch.spotCheckSize, answered: spot.filter((s) => s.pair.labels.length > 0).length, labels: given.length, agreement: given.length ? wilson(agree, given.length) : null }
  if (!batch.run.experiment) return { spotCheck, hidden: null }
  const all = await db.serSelfLabel.findMany({
    where: { batchId },
    select: { choice: true, pair: { select: { labels: { where: { source: 'HUMAN', createdAt: { lt: batch.run.createdAt } }, select: { choice: true } } } } },
  })
  const judged = all.map((s) => ({ self: s.choice, human: humanReferenceOf(s.pair.labels.map((l) => l.choice), batch.run.project.minHumanLabels) })).filter((x) => x.human !== null)
  const right = judged.reduce((a, x) => a + credit(x.human!, x.self), 0)
  return { spotCheck, hidden: { pairs: judged.length, accuracy: judged.length ? wilson(right, judged.length) : null } }
}
