// Writes the SFT examples of a project: for each pair whose labels of the chosen source prefer one
// response, the prompt and that response, split by prompt ({"prompt", "response", "split"} per line).
// Human labels follow the human reference (README "The human reference": one label counts, the project's
// minHumanLabels applies; a TIE reference or a split gives no example); AI and
// self labels their mean preference.
import fs from 'node:fs'
import { db } from '../../db/client.ts'
import { badRequest } from '../../lib/errors.ts'
import { humanReferenceOf } from '../../lib/human-reference.ts'
import { importWhere } from '../../lib/pair-scope.ts'
import { probabilityOfA } from '../reward-models/write-training-pairs.ts'
import type { SftConfig } from './policy-config.ts'
import { splitOf } from './prompt-split.ts'

const PAGE = 2000

type LabelSource = Exclude<SftConfig['source'], 'UPLOAD'>

function winner(labels: { source: string; choice: 'A' | 'B' | 'TIE'; probability: number | null }[], source: LabelSource, minHumanLabels: number): 'A' | 'B' | null {
  const own = labels.filter((l) => l.source === source)
  if (!own.length) return null
  if (source === 'HUMAN') {
    const m = humanReferenceOf(own.map((l) => l.choice), minHumanLabels)
    return m === 'A' || m === 'B' ? m : null
  }
  const p = own.reduce((s, l) => s + probabilityOfA(l), 0) / own.length
  return p > 0.5 ? 'A' : p < 0.5 ? 'B' : null
}

export async function writeSftExamples(projectId: string, source: LabelSource, cfg: Pick<SftConfig, 'split'>, file: string) {
  const out = fs.createWriteStream(file)
  const counts = { train: 0, eval: 0 }
  const { minHumanLabels } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { minHumanLabels: true } })
  let cursor = -1
  for (;;) {
    const pairs = await db.pair.findMany({
      where: { projectId, ordinal: { gt: cursor }, ...importWhere(cfg.split.importIds ?? []), labels: { some: { source } } }, orderBy: { ordinal: 'asc' }, take: PAGE,
      select: {
        ordinal: true, promptId: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } },
        labels: { select: { source: true, choice: true, probability: true } },
      },
    })
    if (!pairs.length) break
    cursor = pairs.at(-1)!.ordinal
    for (const p of pairs) {
      const w = winner(p.labels, source, minHumanLabels)
      if (!w) continue
      const split = splitOf(p.promptId, cfg.split)
      counts[split]++
      const line = { prompt: p.prompt.text, response: w === 'A' ? p.responseA.text : p.responseB.text, split }
      if (!out.write(JSON.stringify(line) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()))
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  if (counts.train === 0) throw badRequest(`No SFT examples: no pair of this project has a ${source.toLowerCase()} preference for one response`)
  return counts
}
