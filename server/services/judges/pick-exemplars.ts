// Few-shot exemplars for a judge prompt (RLAIF: optional; the paper found they did not help, so the
// default is none): the project's first pairs in import order whose human reference (README "The
// human reference", the project's minHumanLabels) is A or B. A pair is never its own exemplar (the run drops it from the list).
import { db } from '../../db/client.ts'
import type { Exemplar } from '../../judge/prompt.ts'
import { humanReferenceOf } from '../../lib/human-reference.ts'

export type PairExemplar = Exemplar & { pairId: string }

// Enough candidates to find n clear majorities among pairs with ties or splits.
const CANDIDATES_PER_EXEMPLAR = 20

export async function pickExemplars(projectId: string, n: number): Promise<PairExemplar[]> {
  if (n <= 0) return []
  const rows = await db.$queryRaw<{ id: string; prompt: string; responseA: string; responseB: string; choices: ('A' | 'B' | 'TIE')[] }[]>`
    SELECT p.id, pr.text AS prompt, ra.text AS "responseA", rb.text AS "responseB", array_agg(l.choice::text) AS choices
    FROM "Pair" p
    JOIN "Label" l ON l."pairId" = p.id AND l.source = 'HUMAN'
    JOIN "Prompt" pr ON pr.id = p."promptId"
    JOIN "Response" ra ON ra.id = p."responseAId"
    JOIN "Response" rb ON rb.id = p."responseBId"
    WHERE p."projectId" = ${projectId}
    GROUP BY p.id, p.ordinal, pr.text, ra.text, rb.text
    ORDER BY p.ordinal LIMIT ${n * CANDIDATES_PER_EXEMPLAR}`
  const { minHumanLabels } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { minHumanLabels: true } })
  const out: PairExemplar[] = []
  for (const r of rows) {
    const m = humanReferenceOf(r.choices, minHumanLabels)
    if (m === 'A' || m === 'B') out.push({ pairId: r.id, prompt: r.prompt, responseA: r.responseA, responseB: r.responseB, preferred: m === 'A' ? 1 : 2 })
    if (out.length === n + 1) break // one spare, for when a judged pair is itself an exemplar
  }
  return out
}
