// The project agreement dashboard's data: inter-annotator agreement of one label source (Fleiss κ,
// Krippendorff α, pairwise Cohen κ, each rater against the majority, label shares, item agreement),
// labelling activity, and every AI judge against the human reference.
// Staff only: the answer shows every rater's labels, which annotators must never see.
// Every statistic is an SQL aggregate (read-rating-aggregates.ts, compare-judges-with-humans.ts): a
// read never loads the project's labels into this process, so it does not stall labelling.
import { db, type LabelSource } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { referenceNote } from '../../lib/human-reference.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { summariseRatings } from './summarise-ratings.ts'
import { readRatingAggregates, projectLabels } from './read-rating-aggregates.ts'
import { countLabelsPerDay } from './count-labels-per-day.ts'
import { compareJudgesWithHumans } from './compare-judges-with-humans.ts'

export type AgreementOptions = {
  /** Whose labels the agreement statistics are about; AI makes the judges the raters. */
  source?: LabelSource
  /** Keep dataset annotators ('ext:…' raters) beside the platform's own users: in the statistics and
   *  in the human reference the judges are compared with. */
  includeExternal?: boolean
  /** Pairwise Cohen κ only for rater pairs sharing at least this many pairs (fewer makes κ noise). */
  minOverlap?: number
}

const ACTIVITY_DAYS = 30

/** Labels per UTC day and source over the activity window, counted in SQL. */
async function labelsPerDay(projectId: string, sources: LabelSource[], includeExternal: boolean, now: Date) {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (ACTIVITY_DAYS - 1) * 86_400_000)
  const rows = await db.$queryRaw<{ createdAt: Date; source: LabelSource; count: number }[]>`
    SELECT date_trunc('day', x."createdAt") AS "createdAt", x.source, count(*)::int AS count
    FROM (${projectLabels(projectId, includeExternal)}) x
    WHERE x.source::text = ANY(${sources}) AND x."createdAt" >= ${since}
    GROUP BY 1, 2`
  return countLabelsPerDay(rows, now, ACTIVITY_DAYS)
}

export async function getProjectAgreement(actor: Actor, projectId: string, opts: AgreementOptions = {}) {
  assertStaff(actor, 'Agreement shows every annotator’s labels, so it needs the researcher or admin role')
  const project = await assertProjectAccess(actor, projectId)
  const { source = 'HUMAN', includeExternal = true, minOverlap = 5 } = opts
  // The activity chart shows HUMAN and AI whatever source the statistics are about.
  const sources = [...new Set<LabelSource>([source, 'HUMAN', 'AI'])]
  const [projectPairs, aggregates, perDay, judges] = await Promise.all([
    db.pair.count({ where: { projectId } }),
    readRatingAggregates(projectId, source, includeExternal),
    labelsPerDay(projectId, sources, includeExternal, new Date()),
    compareJudgesWithHumans(projectId, { includeExternal }),
  ])
  return {
    source,
    includeExternal,
    minOverlap,
    reference: { minHumanLabels: project.minHumanLabels, note: referenceNote(project.minHumanLabels) },
    ...summariseRatings(aggregates, projectPairs, minOverlap),
    labelsPerDay: perDay,
    judges,
  }
}

export type ProjectAgreement = Awaited<ReturnType<typeof getProjectAgreement>>
