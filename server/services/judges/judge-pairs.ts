// Which pairs a judge run labels, as SQL (shared by the run, not an operation). The run's rater key
// is its judge version's: pairs that key already labelled are never judged again, which makes a
// run resumable after a crash and a retry free of duplicates. SAMPLE is reproducible: the pairs
// ordered by md5(pair id || run id), so a retried run draws the same sample.
import { Prisma } from '../../db/client.ts'
import { db } from '../../db/client.ts'
import type { JudgeRunScope } from '../../db/client.ts'

export type JudgeScope = { projectId: string; runId: string; scope: JudgeRunScope; sampleSize: number | null; raterKey: string }
export type PairToJudge = { id: string; ordinal: number; prompt: string; responseA: string; responseB: string; subset: string }

function inScope(s: JudgeScope) {
  if (s.scope === 'SAMPLE') {
    return Prisma.sql`p.id IN (SELECT id FROM "Pair" WHERE "projectId" = ${s.projectId} ORDER BY md5(id || ${s.runId}) LIMIT ${s.sampleSize ?? 0})`
  }
  if (s.scope === 'PAIRS') return Prisma.sql`p.id IN (SELECT "pairId" FROM "JudgeRunPair" WHERE "runId" = ${s.runId})`
  if (s.scope === 'UNLABELLED_BY_AI') {
    return Prisma.sql`NOT EXISTS (SELECT 1 FROM "Label" o WHERE o."pairId" = p.id AND o.source = 'AI' AND o."raterKey" <> ${s.raterKey})`
  }
  return Prisma.sql`TRUE`
}

/** Pairs in the run's scope (judged or not): the run's total. */
export async function countScope(s: JudgeScope): Promise<number> {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Pair" p WHERE p."projectId" = ${s.projectId} AND ${inScope(s)}`
  return n
}

/** Pairs in scope not yet labelled by this rater key: already judged before a crash or retry. */
export async function countJudged(s: JudgeScope): Promise<number> {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Pair" p WHERE p."projectId" = ${s.projectId} AND ${inScope(s)}
      AND EXISTS (SELECT 1 FROM "Label" l WHERE l."pairId" = p.id AND l."raterKey" = ${s.raterKey})`
  return n
}

/** The next page of unjudged pairs after `afterOrdinal`, in import order, with their texts. */
export async function nextPairsToJudge(s: JudgeScope, afterOrdinal: number, limit: number): Promise<PairToJudge[]> {
  return db.$queryRaw<PairToJudge[]>`
    SELECT p.id, p.ordinal, pr.text AS prompt, ra.text AS "responseA", rb.text AS "responseB",
      coalesce(i.filename, 'created in RewardLab') AS subset
    FROM "Pair" p
    JOIN "Prompt" pr ON pr.id = p."promptId"
    JOIN "Response" ra ON ra.id = p."responseAId"
    JOIN "Response" rb ON rb.id = p."responseBId"
    LEFT JOIN "Import" i ON i.id = p."importId"
    WHERE p."projectId" = ${s.projectId} AND p.ordinal > ${afterOrdinal} AND ${inScope(s)}
      AND NOT EXISTS (SELECT 1 FROM "Label" l WHERE l."pairId" = p.id AND l."raterKey" = ${s.raterKey})
    ORDER BY p.ordinal LIMIT ${limit}`
}
