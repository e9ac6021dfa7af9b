// One pair as the explorer's pair page shows it: the conversation, both responses, every label
// (rater, confidence, rationale, time; a judge's verdict with its per-order probabilities), every
// reward model's scores, flags and the gold answer. Staff only: it shows everyone's labels.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

export async function getPairDetail(actor: Actor, pairId: string) {
  assertStaff(actor, 'Pair details are for researchers and admins')
  const pair = await db.pair.findUnique({
    where: { id: pairId },
    select: {
      id: true, projectId: true, ordinal: true, sourceRef: true, createdAt: true, goldChoice: true, goldSetAt: true,
      goldSetBy: { select: { name: true } },
      prompt: { select: { text: true } },
      responseA: { select: { text: true, model: true } },
      responseB: { select: { text: true, model: true } },
      import: { select: { id: true, filename: true, format: true } },
      labels: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true, source: true, choice: true, probability: true, confidence: true, rationale: true, raterKey: true, raterName: true,
          createdAt: true, user: { select: { name: true } },
          verdict: { select: { hard: true, p1AB: true, p1BA: true, ratingA: true, ratingB: true, configVersion: true, judgeRunId: true } },
        },
      },
      scores: { orderBy: { createdAt: 'desc' }, select: { scoreA: true, scoreB: true, createdAt: true, rewardModel: { select: { id: true, name: true } } } },
      flags: {
        orderBy: { createdAt: 'desc' },
        select: { id: true, reason: true, createdAt: true, resolvedAt: true, user: { select: { name: true } }, resolvedBy: { select: { name: true } } },
      },
    },
  })
  if (!pair) throw notFound('Pair')
  await assertProjectAccess(actor, pair.projectId)
  return {
    ...pair,
    labels: pair.labels.map(({ user, ...l }) => ({ ...l, rater: user?.name ?? l.raterName ?? l.raterKey })),
    scores: pair.scores.map((s) => ({ ...s, margin: s.scoreA - s.scoreB })),
  }
}
