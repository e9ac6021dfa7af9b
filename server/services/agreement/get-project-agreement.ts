// The project agreement dashboard's data: inter-annotator agreement of one label source (Fleiss κ,
// Krippendorff α, pairwise Cohen κ, each rater against the majority, label shares, item agreement),
// labelling activity, and every AI judge against the human reference.
// Staff only: the answer shows every rater's labels, which annotators must never see.
// Every statistic comes from one SQL statement's aggregates (read-agreement-aggregates.ts): a read never
// loads the project's labels into this process, so it does not stall labelling. That statement costs
// about 0.4 s of database CPU on 100k labels, so its result is stored per project and options
// (read-agreement-snapshot.ts): a read answers from the stored numbers at once and, when they are
// older than REWARDLAB_DASHBOARD_MAX_AGE_SECONDS (5 s) and labels changed, one refresh runs in the
// background. Only the first read of a project and options ever computes on the request. The answer
// says as of when its numbers are current, and whether a refresh is running.
import { db, type LabelSource } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { referenceNote } from '../../lib/human-reference.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { summariseRatings } from './summarise-ratings.ts'
import { readAgreementAggregates } from './read-agreement-aggregates.ts'
import { countLabelsPerDay } from './count-labels-per-day.ts'
import { compareJudgesWithHumans } from './compare-judges-with-humans.ts'
import { readAgreementSnapshot, dashboardMaxAgeSeconds } from './read-agreement-snapshot.ts'
import { ACTIVITY_DAYS, activityWindowStart } from './refresh-agreement-snapshot.ts'

export type AgreementOptions = {
  /** Whose labels the agreement statistics are about; AI makes the judges the raters. */
  source?: LabelSource
  /** Keep dataset annotators ('ext:…' raters) beside the platform's own users: in the statistics and
   *  in the human reference the judges are compared with. */
  includeExternal?: boolean
  /** Pairwise Cohen κ only for rater pairs sharing at least this many pairs (fewer makes κ noise). */
  minOverlap?: number
  /** Skip the cache (benchmarks measure the statement itself). */
  fresh?: boolean
}

export async function getProjectAgreement(actor: Actor, projectId: string, opts: AgreementOptions = {}) {
  assertStaff(actor, 'Agreement shows every annotator’s labels, so it needs the researcher or admin role')
  const project = await assertProjectAccess(actor, projectId)
  const { source = 'HUMAN', includeExternal = true, minOverlap = 5 } = opts
  const now = new Date()
  const maxAgeSeconds = dashboardMaxAgeSeconds()
  const { snapshot: { value: { projectPairs, agg }, computedAt, checkedAt }, refreshing } = opts.fresh || maxAgeSeconds <= 0
    ? await computeNow(projectId, source, includeExternal, now)
    : await readAgreementSnapshot(projectId, { source, includeExternal })
  // The activity chart shows HUMAN and AI whatever source the statistics are about.
  const shown = new Set<LabelSource>([source, 'HUMAN', 'AI'])
  const perDay = agg.perDay.filter((d) => shown.has(d.source)).map((d) => ({ createdAt: new Date(`${d.day.slice(0, 10)}T00:00:00Z`), source: d.source, count: d.n }))
  return {
    source,
    includeExternal,
    minOverlap,
    /** The numbers are current as of this time (the labels were last compared with them then). */
    asOf: new Date(checkedAt),
    /** When they were computed (earlier than asOf when no label changed since). */
    computedAt: new Date(computedAt),
    /** A refresh is running: newer numbers come with a later read. */
    refreshing,
    maxAgeSeconds,
    reference: { minHumanLabels: project.minHumanLabels, note: referenceNote(project.minHumanLabels) },
    ...summariseRatings(agg, projectPairs, minOverlap),
    labelsPerDay: countLabelsPerDay(perDay, now, ACTIVITY_DAYS),
    judges: compareJudgesWithHumans(agg),
  }
}

/** The cache off (REWARDLAB_DASHBOARD_MAX_AGE_SECONDS=0) or a benchmark's fresh read: the statement itself. */
async function computeNow(projectId: string, source: LabelSource, includeExternal: boolean, now: Date) {
  const [projectPairs, agg] = await Promise.all([
    db.pair.count({ where: { projectId } }),
    readAgreementAggregates(projectId, { source, includeExternal, since: activityWindowStart(now) }),
  ])
  const at = now.getTime()
  return { snapshot: { value: { projectPairs, agg }, computedAt: at, checkedAt: at }, refreshing: false }
}

export type ProjectAgreement = Awaited<ReturnType<typeof getProjectAgreement>>
