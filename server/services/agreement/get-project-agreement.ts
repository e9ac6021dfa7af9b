// The project agreement dashboard's data: inter-annotator agreement of one label source (Fleiss κ,
// Krippendorff α, pairwise Cohen κ, each rater against the majority, label shares, item agreement),
// labelling activity, and every AI judge against the human reference.
// Staff only: the answer shows every rater's labels, which annotators must never see.
// Every statistic comes from one SQL statement's aggregates (read-agreement-aggregates.ts): a read never
// loads the project's labels into this process, so it does not stall labelling. That statement costs
// about 0.4 s of database CPU on 100k labels, so its result is cached per project and options for
// REWARDLAB_DASHBOARD_MAX_AGE_SECONDS (5 s): researchers refreshing a dashboard cost at most one
// statement per 5 s, and a read answers from the cache (a stale one while it is refreshed in the
// background, up to a minute old). The answer says when its numbers were computed.
import { db, type LabelSource } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { referenceNote } from '../../lib/human-reference.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { summariseRatings } from './summarise-ratings.ts'
import { readAgreementAggregates } from './read-agreement-aggregates.ts'
import { countLabelsPerDay } from './count-labels-per-day.ts'
import { compareJudgesWithHumans } from './compare-judges-with-humans.ts'
import { createStaleCache } from '../../lib/stale-cache.ts'

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

const maxAgeSeconds = () => Number(process.env.REWARDLAB_DASHBOARD_MAX_AGE_SECONDS ?? 5)
type Aggregates = [number, Awaited<ReturnType<typeof readAgreementAggregates>>]
let cache: ReturnType<typeof createStaleCache<Aggregates>> | null = null
const dashboardCache = () => (cache ??= createStaleCache<Aggregates>({ maxAgeMs: 1000 * maxAgeSeconds(), staleLimitMs: 60_000 }))

const ACTIVITY_DAYS = 30
const DAY_MS = 86_400_000

export async function getProjectAgreement(actor: Actor, projectId: string, opts: AgreementOptions = {}) {
  assertStaff(actor, 'Agreement shows every annotator’s labels, so it needs the researcher or admin role')
  const project = await assertProjectAccess(actor, projectId)
  const { source = 'HUMAN', includeExternal = true, minOverlap = 5 } = opts
  const now = new Date()
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (ACTIVITY_DAYS - 1) * DAY_MS)
  const load = () => Promise.all([
    db.pair.count({ where: { projectId } }),
    readAgreementAggregates(projectId, { source, includeExternal, since }),
  ])
  const { value: [projectPairs, agg], at } = opts.fresh || maxAgeSeconds() <= 0
    ? { value: await load(), at: Date.now() }
    : await dashboardCache().get(`${projectId}|${source}|${includeExternal}|${since.toISOString()}`, load)
  // The activity chart shows HUMAN and AI whatever source the statistics are about.
  const shown = new Set<LabelSource>([source, 'HUMAN', 'AI'])
  const perDay = agg.perDay.filter((d) => shown.has(d.source)).map((d) => ({ createdAt: new Date(`${d.day.slice(0, 10)}T00:00:00Z`), source: d.source, count: d.n }))
  return {
    source,
    includeExternal,
    minOverlap,
    /** When these numbers were computed (they are at most maxAgeSeconds old while people refresh). */
    asOf: new Date(at),
    maxAgeSeconds: maxAgeSeconds(),
    reference: { minHumanLabels: project.minHumanLabels, note: referenceNote(project.minHumanLabels) },
    ...summariseRatings(agg, projectPairs, minOverlap),
    labelsPerDay: countLabelsPerDay(perDay, now, ACTIVITY_DAYS),
    judges: compareJudgesWithHumans(agg),
  }
}

export type ProjectAgreement = Awaited<ReturnType<typeof getProjectAgreement>>
