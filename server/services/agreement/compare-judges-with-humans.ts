// AI-labeller alignment (RLAIF): how often each AI judge picks what the human majority picked.
//
// Definition (the dashboard states the same):
// - Human majority of a pair: the strict unique plurality of its human labels, on pairs with at least
//   two human labels (one label is not a majority). A / B / TIE are three separate answers.
// - A judge's pairs: every pair with a human majority in the datasets the judge labelled, i.e. pairs
//   sharing a Pair.importId with some pair the judge labelled (pairs made in RewardLab are one
//   dataset). A judge run on one dataset is then not measured against another it never saw.
// - rate = pairs where the judge's label equals the human majority (TIE = TIE counts) / the judge's
//   pairs. A pair the judge has no label for counts as a disagreement: a judge output that could not
//   be parsed (PandaLM's GPT-3.5 file has 25 'garbage' results) is a failure, not an abstention.
//   This gives the 69.8 % (697 / 999) of GPT-3.5 on the PandaLM test set.
// - answeredRate = the same agreements / the pairs the judge did label (71.6 %, 697 / 974, there).
// - confusion[i][j] = answered pairs whose human majority is categories[i] and judge label categories[j].
// Pure: the caller passes the rows and each pair's dataset.
import { confusionMatrix, DEFAULT_CATEGORIES, majorityLabel, type Category, type Rating } from './stats.ts'

export type JudgeAlignment = {
  raterKey: string
  name: string
  /** All labels of the judge in the project, in or out of the majority pairs. */
  labels: number
  pairs: number
  answered: number
  agree: number
  rate: number | null
  answeredRate: number | null
  categories: readonly Category[]
  /** Rows: human majority; columns: judge label. */
  confusion: number[][]
}

/** pairId → dataset key (the pair's importId, or '' for pairs made in RewardLab). */
export type PairDatasets = ReadonlyMap<string, string>

export function humanMajorities(humanRows: readonly Rating[]): Map<string, Category> {
  const byPair = new Map<string, Category[]>()
  for (const r of humanRows) {
    let list = byPair.get(r.itemId)
    if (!list) byPair.set(r.itemId, (list = []))
    list.push(r.choice)
  }
  const out = new Map<string, Category>()
  for (const [pairId, choices] of byPair) {
    const majority = choices.length >= 2 ? majorityLabel(choices) : null
    if (majority) out.set(pairId, majority)
  }
  return out
}

function alignJudge(judgeKey: string, judged: Map<string, Category>, majorities: Map<string, Category>, datasets: PairDatasets) {
  const seen = new Set<string>()
  for (const pairId of judged.keys()) seen.add(datasets.get(pairId) ?? '')
  const answeredPairs: [Category, Category][] = []
  let pairs = 0
  let agree = 0
  for (const [pairId, majority] of majorities) {
    if (!seen.has(datasets.get(pairId) ?? '')) continue
    pairs++
    const choice = judged.get(pairId)
    if (choice === undefined) continue
    answeredPairs.push([majority, choice])
    if (choice === majority) agree++
  }
  const answered = answeredPairs.length
  return {
    raterKey: judgeKey,
    labels: judged.size,
    pairs,
    answered,
    agree,
    rate: pairs > 0 ? agree / pairs : null,
    answeredRate: answered > 0 ? agree / answered : null,
    categories: DEFAULT_CATEGORIES,
    confusion: confusionMatrix(answeredPairs),
  }
}

export function compareJudgesWithHumans(
  humanRows: readonly Rating[],
  judgeRows: readonly Rating[],
  datasets: PairDatasets,
  names: ReadonlyMap<string, string>,
): JudgeAlignment[] {
  const majorities = humanMajorities(humanRows)
  const byJudge = new Map<string, Map<string, Category>>()
  for (const r of judgeRows) {
    let judged = byJudge.get(r.raterKey)
    if (!judged) byJudge.set(r.raterKey, (judged = new Map()))
    judged.set(r.itemId, r.choice)
  }
  return [...byJudge]
    .map(([key, judged]) => ({ ...alignJudge(key, judged, majorities, datasets), name: names.get(key) ?? key }))
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || (a.name < b.name ? -1 : 1))
}
