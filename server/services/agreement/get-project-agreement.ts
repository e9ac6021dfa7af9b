// The project agreement dashboard's data: inter-annotator agreement of one label source (Fleiss κ,
// Krippendorff α, pairwise Cohen κ, each rater against the majority, label shares, item agreement),
// labelling activity, and every AI judge against the human majority.
// Staff only: the answer shows every rater's labels, which annotators must never see.
import { db } from '../../db/client.ts'
import type { LabelSource } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { summariseRatings, type RatingRow } from './summarise-ratings.ts'
import { countLabelsPerDay } from './count-labels-per-day.ts'
import { compareJudgesWithHumans, type PairDatasets } from './compare-judges-with-humans.ts'

export type AgreementOptions = {
  /** Whose labels the agreement statistics are about; AI makes the judges the raters. */
  source?: LabelSource
  /** Keep dataset annotators ('ext:…' raters) beside the platform's own users: in the statistics and
   *  in the human majority the judges are compared with. */
  includeExternal?: boolean
  /** Pairwise Cohen κ only for rater pairs sharing at least this many pairs (fewer makes κ noise). */
  minOverlap?: number
}

type LoadedLabel = RatingRow & { source: LabelSource }

async function loadLabels(projectId: string, sources: LabelSource[]) {
  // Narrow columns only: 100k labels load in well under a second. No ORDER BY: (pairId, raterKey) is
  // unique, so no statistic depends on row order, and sorting 100k rows would cost more than the rest.
  return db.label.findMany({
    where: { source: { in: sources }, pair: { projectId } },
    select: { pairId: true, raterKey: true, choice: true, raterName: true, userId: true, createdAt: true, source: true },
  })
}

type Row = Awaited<ReturnType<typeof loadLabels>>[number]

/** raterKey → display name: users by their current name (one query), others by their stored raterName. */
async function raterNames(rows: readonly Row[]): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  const keyOfUser = new Map<string, string>()
  for (const r of rows) {
    if (names.has(r.raterKey)) continue
    // A deleted user's labels keep their key but lose userId: they show the key's id part.
    names.set(r.raterKey, r.raterName ?? r.raterKey.slice(r.raterKey.indexOf(':') + 1))
    if (r.userId) keyOfUser.set(r.userId, r.raterKey)
  }
  if (keyOfUser.size > 0) {
    const users = await db.user.findMany({ where: { id: { in: [...keyOfUser.keys()] } }, select: { id: true, name: true } })
    for (const u of users) names.set(keyOfUser.get(u.id)!, u.name)
  }
  return names
}

async function pairDatasets(projectId: string): Promise<PairDatasets> {
  const pairs = await db.pair.findMany({ where: { projectId }, select: { id: true, importId: true } })
  return new Map(pairs.map((p) => [p.id, p.importId ?? '']))
}

export async function getProjectAgreement(actor: Actor, projectId: string, opts: AgreementOptions = {}) {
  assertStaff(actor, 'Agreement shows every annotator’s labels, so it needs the researcher or admin role')
  await assertProjectAccess(actor, projectId)
  const { source = 'HUMAN', includeExternal = true, minOverlap = 5 } = opts
  // HUMAN and AI are always loaded: the judge comparison needs both whatever source is shown.
  const sources = [...new Set<LabelSource>([source, 'HUMAN', 'AI'])]
  const [projectPairs, loaded] = await Promise.all([db.pair.count({ where: { projectId } }), loadLabels(projectId, sources)])
  const rows = includeExternal ? loaded : loaded.filter((r) => !r.raterKey.startsWith('ext:'))
  const names = await raterNames(rows)
  const ratings: LoadedLabel[] = rows.map((r) => ({ itemId: r.pairId, raterKey: r.raterKey, choice: r.choice, createdAt: r.createdAt, source: r.source }))
  const human = ratings.filter((r) => r.source === 'HUMAN')
  const judges = ratings.filter((r) => r.source === 'AI')
  const datasets = human.length > 0 && judges.length > 0 ? await pairDatasets(projectId) : new Map<string, string>()
  return {
    source,
    includeExternal,
    minOverlap,
    ...summariseRatings(ratings.filter((r) => r.source === source), names, projectPairs, minOverlap),
    labelsPerDay: countLabelsPerDay(ratings, new Date()),
    judges: compareJudgesWithHumans(human, judges, datasets, names),
  }
}

export type ProjectAgreement = Awaited<ReturnType<typeof getProjectAgreement>>
