// AI-labeller alignment (RLAIF): how often each AI judge picks the pair's human reference.
//
// Definition (the dashboard states the same):
// - Human reference of a pair: the one rule (README "The human reference", SQL rl_human_references):
//   the strict unique plurality of its human labels, one label counting, a shared top (a split) giving
//   none, on pairs with at least the project's minHumanLabels human labels. A / B / TIE are three
//   separate answers.
// - A judge's pairs: every pair with a human reference in the datasets the judge labelled, i.e. pairs
//   sharing a Pair.importId with some pair the judge labelled (pairs made in RewardLab are one
//   dataset). A judge run on one dataset is then not measured against another it never saw.
// - rate = pairs where the judge's label equals the reference (TIE = TIE counts) / the judge's pairs.
//   A pair the judge has no label for counts as a disagreement: a judge output that could not be
//   parsed (PandaLM's GPT-3.5 file has 25 'garbage' results) is a failure, not an abstention.
//   This gives the 69.8 % (697 / 999) of GPT-3.5 on the PandaLM test set.
// - answeredRate = the same agreements / the pairs the judge did label (71.6 %, 697 / 974, there).
// - confusion[i][j] = answered pairs whose reference is categories[i] and judge label categories[j].
// Counted by PostgreSQL (one GROUP BY over the cells): no label rows reach this process.
import { db, Prisma } from '../../db/client.ts'
import { DEFAULT_CATEGORIES, type Category } from './stats.ts'

export type JudgeAlignment = {
  raterKey: string
  name: string
  /** All labels of the judge in the project, in or out of the reference pairs. */
  labels: number
  pairs: number
  answered: number
  agree: number
  rate: number | null
  answeredRate: number | null
  categories: readonly Category[]
  /** Rows: human reference; columns: judge label. */
  confusion: number[][]
}

type Cell = { raterKey: string; human: Category | null; ai: Category | null; n: number }
type JudgeRow = { raterKey: string; labels: number; name: string }

/**
 * Every AI rater of the project (or the one `raterKey`) against the human reference. Dataset
 * annotators ('ext:' raters) are left out of the votes, and of the judges, when includeExternal is false.
 */
export async function compareJudgesWithHumans(projectId: string, opts: { includeExternal?: boolean; raterKey?: string } = {}): Promise<JudgeAlignment[]> {
  const ext = opts.includeExternal ?? true
  const one = opts.raterKey === undefined ? Prisma.empty : Prisma.sql`AND l."raterKey" = ${opts.raterKey}`
  const [judges, cells] = await Promise.all([
    db.$queryRaw<JudgeRow[]>`
      SELECT l."raterKey", count(*)::int AS labels,
        coalesce(min(u.name), min(l."raterName"), substr(l."raterKey", strpos(l."raterKey", ':') + 1)) AS name
      FROM "Label" l JOIN "Pair" p ON p.id = l."pairId" LEFT JOIN "User" u ON u.id = l."userId"
      WHERE p."projectId" = ${projectId} AND l.source = 'AI' AND (${ext} OR l."raterKey" NOT LIKE 'ext:%') ${one}
      GROUP BY l."raterKey"`,
    db.$queryRaw<Cell[]>`
      WITH jl AS MATERIALIZED (
        SELECT l."pairId", l."raterKey", l.choice, coalesce(p."importId", '') AS ds
        FROM "Label" l JOIN "Pair" p ON p.id = l."pairId"
        WHERE p."projectId" = ${projectId} AND l.source = 'AI' AND (${ext} OR l."raterKey" NOT LIKE 'ext:%') ${one}
      ), ref AS (
        SELECT r."pairId", r.reference, coalesce(p."importId", '') AS ds
        FROM rl_human_references(${projectId}, ${ext}) r JOIN "Pair" p ON p.id = r."pairId"
        WHERE r.reference IS NOT NULL
      ), seen AS (SELECT DISTINCT "raterKey", ds FROM jl)
      SELECT s."raterKey", ref.reference::text AS human, jl.choice::text AS ai, count(*)::int AS n
      FROM seen s JOIN ref ON ref.ds = s.ds
      LEFT JOIN jl ON jl."pairId" = ref."pairId" AND jl."raterKey" = s."raterKey"
      GROUP BY 1, 2, 3`,
  ])
  const index = new Map(DEFAULT_CATEGORIES.map((c, i) => [c, i]))
  return judges
    .map((j) => {
      const own = cells.filter((c) => c.raterKey === j.raterKey)
      const confusion = DEFAULT_CATEGORIES.map(() => DEFAULT_CATEGORIES.map(() => 0))
      let pairs = 0
      let answered = 0
      let agree = 0
      for (const c of own) {
        pairs += c.n
        if (c.ai === null || c.human === null) continue
        answered += c.n
        if (c.ai === c.human) agree += c.n
        confusion[index.get(c.human)!][index.get(c.ai)!] += c.n
      }
      return {
        raterKey: j.raterKey, name: j.name, labels: j.labels, pairs, answered, agree,
        rate: pairs > 0 ? agree / pairs : null,
        answeredRate: answered > 0 ? agree / answered : null,
        categories: DEFAULT_CATEGORIES,
        confusion,
      }
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || (a.name < b.name ? -1 : 1))
}
