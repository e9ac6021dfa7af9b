// The review page of one batch: counts per rule, spot-check progress and agreement, the round's score
// histograms (selected vs unselected), and a page of pairs to read with their self-label, both scores,
// and the spot-check labels given so far (the hidden human majority too, in experiment mode).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { humanReferenceOf } from '../../lib/human-reference.ts'
import { findSerBatch } from './find-ser-run.ts'
import { batchAgreement } from './spot-check-stats.ts'

export async function getSerBatch(actor: Actor, batchId: string, opts: { spotCheckOnly?: boolean; page?: number } = {}) {
  const batch = await findSerBatch(actor, batchId)
  const take = 25
  const { minHumanLabels } = await db.project.findUniqueOrThrow({ where: { id: batch.run.projectId }, select: { minHumanLabels: true } })
  const where = { batchId, ...(opts.spotCheckOnly ? { spotCheck: true } : {}) }
  const [byRule, items, total, agreement, people] = await Promise.all([
    db.serSelfLabel.groupBy({ by: ['rule'], where: { batchId }, _count: true }),
    db.serSelfLabel.findMany({
      where, orderBy: [{ spotCheck: 'desc' }, { id: 'asc' }], skip: (opts.page ?? 0) * take, take,
      select: {
        id: true, choice: true, scoreA: true, scoreB: true, rule: true, spotCheck: true,
        pair: { select: { id: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } }, labels: { where: { source: 'HUMAN' }, select: { choice: true, createdAt: true, userId: true } } } },
      },
    }),
    db.serSelfLabel.count({ where }),
    batchAgreement(batchId),
    db.user.findMany({ where: { id: { in: [batch.decidedById, batch.revokedById].filter((x): x is string => !!x) } }, select: { id: true, name: true } }),
  ])
  const name = (id: string | null) => people.find((p) => p.id === id)?.name ?? null
  return {
    id: batch.id, status: batch.status, size: batch.size, spotCheckSize: batch.spotCheckSize, createdAt: batch.createdAt, autoApproved: batch.autoApproved,
    decidedBy: name(batch.decidedById), decidedAt: batch.decidedAt, decisionReason: batch.decisionReason, overrideReason: batch.overrideReason,
    revokedBy: name(batch.revokedById), revokedAt: batch.revokedAt, revokeReason: batch.revokeReason,
    run: { id: batch.run.id, name: batch.run.name, projectId: batch.run.projectId, experiment: batch.run.experiment, autoApprove: batch.run.autoApprove, status: batch.run.status },
    round: { round: batch.round.round, learningStatus: batch.round.learningStatus, poolSize: batch.round.poolSize, histogram: batch.round.histogram as { bins: number; selected: number[]; unselected: number[] } | null },
    byRule: Object.fromEntries(byRule.map((r) => [r.rule, r._count])) as Record<string, number>,
    agreement, total, page: opts.page ?? 0, pageSize: take,
    items: items.map(({ pair, ...s }) => ({
      ...s, pairId: pair.id, prompt: pair.prompt.text, responseA: pair.responseA.text, responseB: pair.responseB.text,
      spotCheckLabels: pair.labels.filter((l) => l.userId && l.createdAt >= batch.createdAt).map((l) => l.choice),
      hiddenHuman: batch.run.experiment ? humanReferenceOf(pair.labels.filter((l) => l.createdAt < batch.run.createdAt).map((l) => l.choice), minHumanLabels) : null,
    })),
  }
}
