// Writes one judged pair: the AI Label (choice binarised from P(A), the soft probability, the CoT
// rationale) and its JudgeVerdict (per-order probabilities, raw answers, tokens, cost, config
// version) in one transaction. A label this rater key already has (a concurrent duplicate run)
// wins: nothing is written and false is returned.
import { db } from '../../db/client.ts'
import type { PairJudgement } from '../../judge/judge-pair.ts'
import { toChoice } from '../../judge/soft-label.ts'
import { newRowId } from '../../lib/new-row-id.ts'

export type JudgementTarget = { runId: string; configVersion: number; raterKey: string; raterName: string; tieBand: number }

export async function storeJudgement(t: JudgementTarget, pairId: string, j: PairJudgement): Promise<boolean> {
  const rationale = j.orders.filter((o) => o.rationale).map((o) => `[${o.order}] ${o.rationale}`).join('\n\n') || null
  const p1 = (order: 'AB' | 'BA') => j.orders.find((o) => o.order === order)?.p1 ?? null
  return db.$transaction(async (tx) => {
    const [label] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Label" (id, "pairId", source, choice, probability, rationale, "raterKey", "raterName", "createdAt")
      VALUES (${newRowId()}, ${pairId}, 'AI', ${toChoice(j.pA, t.tieBand)}::"Choice", ${j.pA}, ${rationale}, ${t.raterKey}, ${t.raterName}, now() AT TIME ZONE 'UTC')
      ON CONFLICT ("pairId", "raterKey") DO NOTHING
      RETURNING id`
    if (!label) return false
    await tx.judgeVerdict.create({
      data: {
        labelId: label.id, judgeRunId: t.runId, configVersion: t.configVersion, hard: j.hard,
        p1AB: p1('AB'), p1BA: p1('BA'), ratingA: j.ratings?.a ?? null, ratingB: j.ratings?.b ?? null,
        raw: { orders: j.orders, ratings: j.ratings ?? null, requests: j.requests },
        promptTokens: j.promptTokens, completionTokens: j.completionTokens, costUsd: j.costUsd,
      },
    })
    return true
  })
}
