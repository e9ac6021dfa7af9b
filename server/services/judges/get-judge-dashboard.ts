// The judge dashboard for one AI rater in a project (a judge version made here, or an imported
// judge): alignment with the human reference exactly as the agreement page defines it (the one rule,
// README "The human reference": a single human label counts, minHumanLabels applies; three-way,
// ties counted, a pair the judge could not answer counts as a disagreement: PandaLM's GPT-3.5 gives
// 69.8 %), then on the answered pairs Cohen's κ, the confusion matrix, position bias, calibration of
// the soft labels, alignment per subset (the file the pair came from), cost per label, and the
// disagreements to read.
import { db } from '../../db/client.ts'
import type { Category } from '../agreement/stats.ts'
import type { Actor } from '../../lib/actor.ts'
import { judgeMetrics, type JudgeMetricRow } from '../../judge/metrics.ts'
import { notFound } from '../../lib/errors.ts'
import { compareJudgesWithHumans } from '../agreement/compare-judges-with-humans.ts'
import { readAgreementAggregates } from '../agreement/read-agreement-aggregates.ts'
import { dashboardMaxAgeSeconds, readAgreementSnapshot } from '../agreement/read-agreement-snapshot.ts'
import { referenceNote } from '../../lib/human-reference.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { assertStaff } from '../../lib/actor.ts'
import { JUDGES_STAFF_ONLY } from './find-judge.ts'

// Enough disagreements to read through; the export has them all.
const DISAGREEMENTS_SHOWN = 50

type HumanRow = { pairId: string; reference: Category | null; a: number; b: number; tie: number }
type JudgedRow = { pairId: string; choice: Category; probability: number | null; rationale: string | null; raterName: string | null; p1AB: number | null; p1BA: number | null; costUsd: number | null; hard: boolean | null; importId: string | null; subset: string }

export async function getJudgeDashboard(actor: Actor, projectId: string, raterKey: string) {
  assertStaff(actor, JUDGES_STAFF_ONLY)
  const project = await assertProjectAccess(actor, projectId)
  const judged = await db.$queryRaw<JudgedRow[]>`
    SELECT l."pairId", l.choice::text AS choice, l.probability, l.rationale, l."raterName", v."p1AB", v."p1BA", v."costUsd", v.hard,
      p."importId", coalesce(i.filename, 'created in RewardLab') AS subset
    FROM "Label" l JOIN "Pair" p ON p.id = l."pairId" AND p."projectId" = l."projectId"
    LEFT JOIN "JudgeVerdict" v ON v."labelId" = l.id
    LEFT JOIN "Import" i ON i.id = p."importId"
    WHERE l."projectId" = ${projectId} AND l."raterKey" = ${raterKey} AND l.source = 'AI'`
  if (!judged.length) throw notFound('AI labels of this rater in the project')
  // The references (and their votes, for the disagreements) of the pairs this judge labelled.
  const human = await db.$queryRaw<HumanRow[]>`
    SELECT r."pairId", r.reference::text AS reference, r.a, r.b, r.tie
    FROM rl_human_references(${projectId}) r
    WHERE r."pairId" IN (SELECT l."pairId" FROM "Label" l
      WHERE l."projectId" = ${projectId} AND l."raterKey" = ${raterKey} AND l.source = 'AI')`
  const references = new Map(human.map((h) => [h.pairId, h]))
  const name = judged[0].raterName ?? raterKey
  const headline = { ...await readHeadline(projectId, raterKey), name }
  const rows: JudgeMetricRow[] = judged.flatMap((j) => {
    const h = references.get(j.pairId)?.reference
    return h ? [{ pairId: j.pairId, human: h, ai: j.choice, pA: j.probability, p1AB: j.p1AB, p1BA: j.p1BA, subset: j.subset, costUsd: j.costUsd ?? undefined }] : []
  })
  const metrics = judgeMetrics(rows)
  const priced = judged.filter((j) => j.costUsd !== null)
  const totalUsd = priced.reduce((s, j) => s + (j.costUsd ?? 0), 0)
  return {
    raterKey, name, labels: judged.length,
    reference: { minHumanLabels: project.minHumanLabels, note: referenceNote(project.minHumanLabels) },
    softLabels: judged.filter((j) => j.probability !== null && j.hard !== true).length,
    headline,
    ...metrics,
    cost: { labels: priced.length, totalUsd, perLabelUsd: priced.length ? totalUsd / priced.length : null },
    disagreements: await readDisagreements(rows.filter((r) => r.ai !== r.human).slice(0, DISAGREEMENTS_SHOWN), judged, references),
  }
}

// The headline is the agreement page's own figure for this rater: from the same stored aggregates
// (the judge rows do not depend on the label source; the default view includes dataset annotators, as
// this page does), so it costs no statement when the agreement page's numbers are stored. A judge the
// stored numbers do not know yet (labelled since) gets the statement.
async function readHeadline(projectId: string, raterKey: string) {
  const stored = dashboardMaxAgeSeconds() > 0 ? (await readAgreementSnapshot(projectId, { source: 'HUMAN', includeExternal: true })).snapshot.value.agg : null
  const found = stored && compareJudgesWithHumans(stored).find((j) => j.raterKey === raterKey)
  if (found) return found
  const agg = await readAgreementAggregates(projectId, { source: 'AI', includeExternal: true, since: new Date() })
  return compareJudgesWithHumans(agg).find((j) => j.raterKey === raterKey)!
}

async function readDisagreements(rows: JudgeMetricRow[], judged: JudgedRow[], references: ReadonlyMap<string, HumanRow>) {
  if (!rows.length) return []
  const pairs = await db.pair.findMany({
    where: { id: { in: rows.map((r) => r.pairId) } },
    select: { id: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } } },
  })
  const byId = new Map(pairs.map((p) => [p.id, p]))
  return rows.map((r) => {
    const p = byId.get(r.pairId)!
    const h = references.get(r.pairId)
    const votes: Category[] = h ? [...Array<Category>(h.a).fill('A'), ...Array<Category>(h.b).fill('B'), ...Array<Category>(h.tie).fill('TIE')] : []
    return {
      pairId: r.pairId, human: r.human, ai: r.ai, pA: r.pA, humanVotes: votes,
      rationale: judged.find((j) => j.pairId === r.pairId)?.rationale ?? null,
      prompt: p.prompt.text, responseA: p.responseA.text, responseB: p.responseB.text,
    }
  })
}

export type JudgeDashboard = Awaited<ReturnType<typeof getJudgeDashboard>>
