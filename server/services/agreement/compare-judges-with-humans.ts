// AI-labeller alignment (RLAIF): how often each AI judge picks the pair's human reference.
//
// Definition (the dashboard states the same):
// - Human reference of a pair: the one rule (README "The human reference", SQL rl_human_reference):
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
// Pure: read-agreement-aggregates.ts counts the pairs per (dataset, reference, AI labels) in SQL.
import { DEFAULT_CATEGORIES, type Category } from './stats.ts'
import { parseSignature, type AgreementAggregates } from './read-agreement-aggregates.ts'

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

type Group = { ds: string; ref: Category | null; n: number; judged: Map<string, Category> }

export function compareJudgesWithHumans(agg: Pick<AgreementAggregates, 'judgeSignatures' | 'names'>): JudgeAlignment[] {
  const groups: Group[] = agg.judgeSignatures.map((g) => ({
    ds: g.ds, ref: g.ref, n: g.n, judged: new Map(g.sig ? parseSignature(g.sig).map((l) => [l.raterKey, l.choice]) : []),
  }))
  const judges = new Map<string, { labels: number; datasets: Set<string> }>()
  for (const g of groups) {
    for (const key of g.judged.keys()) {
      let j = judges.get(key)
      if (!j) judges.set(key, (j = { labels: 0, datasets: new Set() }))
      j.labels += g.n
      j.datasets.add(g.ds)
    }
  }
  const names = new Map(agg.names.map((r) => [r.raterKey, r.name]))
  const index = new Map(DEFAULT_CATEGORIES.map((c, i) => [c, i]))
  return [...judges]
    .map(([raterKey, j]) => {
      const confusion = DEFAULT_CATEGORIES.map(() => DEFAULT_CATEGORIES.map(() => 0))
      let pairs = 0
      let answered = 0
      let agree = 0
      for (const g of groups) {
        if (g.ref === null || !j.datasets.has(g.ds)) continue
        pairs += g.n
        const choice = g.judged.get(raterKey)
        if (choice === undefined) continue
        answered += g.n
        if (choice === g.ref) agree += g.n
        confusion[index.get(g.ref)!][index.get(choice)!] += g.n
      }
      return {
        raterKey, name: names.get(raterKey) ?? raterKey, labels: j.labels, pairs, answered, agree,
        rate: pairs > 0 ? agree / pairs : null,
        answeredRate: answered > 0 ? agree / answered : null,
        categories: DEFAULT_CATEGORIES,
        confusion,
      }
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || (a.name < b.name ? -1 : 1))
}
