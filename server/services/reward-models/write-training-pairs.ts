// Turns a project's labels into the trainer's pairs file (JSON lines), following the reward
// model's config: its scope (imports, slice), label sources, human share, held-out human split, tie handling.
// Line: { pairId, prompt, chosen, rejected, label = P(chosen preferred), source, split }.
import fs from 'node:fs'
import { db, type Choice, type LabelSource } from '../../db/client.ts'
import { badRequest } from '../../lib/errors.ts'
import { DEFAULT_MIN_HUMAN_LABELS, humanReferenceOf } from '../../lib/human-reference.ts'
import { importWhere, inSlice, scopedLabelWhere, unitHash } from '../../lib/pair-scope.ts'
import type { RewardModelConfig } from './training-config.ts'

const PAGE = 2000

/** P(A preferred) of one label: its soft probability, else 1 / 0 / 0.5 from the choice. */
export const probabilityOfA = (l: { choice: Choice; probability: number | null }) =>
  l.probability ?? (l.choice === 'A' ? 1 : l.choice === 'B' ? 0 : 0.5)

type Example = { label: number; source: LabelSource; split: 'train' | 'eval' }

type SplitSettings = Pick<RewardModelConfig, 'seed' | 'evalShare' | 'humanShare' | 'sources'>

/**
 * What a pair's human labels are to a training run: held out for evaluation, training data, or
 * unused (null: no human reference, or outside the human share). The reference is the one rule
 * (README "The human reference"). SER's pool is the pairs where this is null.
 */
export function humanSplit(humanChoices: readonly Choice[], pairId: string, cfg: SplitSettings, minHumanLabels = DEFAULT_MIN_HUMAN_LABELS): { split: 'eval' | 'train'; majority: Choice } | null {
  const majority = humanReferenceOf(humanChoices, minHumanLabels)
  if (!majority) return null
  if (majority !== 'TIE' && unitHash(pairId, 'eval', cfg.seed) < cfg.evalShare) return { split: 'eval', majority }
  if (cfg.sources.includes('HUMAN') && unitHash(pairId, 'human-share', cfg.seed) < cfg.humanShare) return { split: 'train', majority }
  return null
}

/** The pair's training example: its human split decides the held-out set and the human label; AI and self labels their mean preference. */
export function exampleFor(labels: { source: LabelSource; choice: Choice; probability: number | null }[], pairId: string, cfg: RewardModelConfig,
  minHumanLabels = DEFAULT_MIN_HUMAN_LABELS): Example | null {
  const human = humanSplit(labels.filter((l) => l.source === 'HUMAN').map((l) => l.choice), pairId, cfg, minHumanLabels)
  if (human?.split === 'eval') return { label: human.majority === 'A' ? 1 : 0, source: 'HUMAN', split: 'eval' }
  if (human) {
    if (human.majority === 'TIE') return cfg.ties === 'half' ? { label: 0.5, source: 'HUMAN', split: 'train' } : null
    return { label: human.majority === 'A' ? 1 : 0, source: 'HUMAN', split: 'train' }
  }
  for (const source of ['AI', 'SELF'] as const) {
    const own = labels.filter((l) => l.source === source)
    if (!cfg.sources.includes(source) || own.length === 0) continue
    const p = own.reduce((s, l) => s + probabilityOfA(l), 0) / own.length
    if (p === 0.5 && cfg.ties === 'drop') return null
    return { label: p, source, split: 'train' }
  }
  return null
}

/** The labels a run reads: an SER round's model its run's approved self-labels only, never another run's; a scoped one maybe only its imports'. */
const labelsOf = (cfg: RewardModelConfig) => ({
  AND: [
    cfg.serRunId ? { OR: [{ source: { not: 'SELF' as const } }, { serBatch: { runId: cfg.serRunId, status: 'APPROVED' as const } }] } : {},
    scopedLabelWhere(cfg.scope),
  ],
})

export async function writeTrainingPairs(projectId: string, cfg: RewardModelConfig, file: string) {
  const out = fs.createWriteStream(file)
  const counts = { train: 0, eval: 0, HUMAN: 0, AI: 0, SELF: 0 }
  /** The held-out pairs, as the trainer will read them (stored with the model: store-held-out-pairs.ts). */
  const evalPairIds: string[] = []
  const { minHumanLabels } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { minHumanLabels: true } })
  let cursor = -1
  for (;;) {
    const pairs = await db.pair.findMany({
      where: { projectId, ordinal: { gt: cursor }, ...importWhere(cfg.scope.importIds), labels: { some: labelsOf(cfg) } },
      orderBy: { ordinal: 'asc' }, take: PAGE,
      select: {
        id: true, ordinal: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } },
        labels: { where: labelsOf(cfg), select: { source: true, choice: true, probability: true } },
      },
    })
    if (!pairs.length) break
    cursor = pairs.at(-1)!.ordinal
    for (const p of pairs) {
      if (!inSlice(p.id, cfg.scope.slice)) continue
      const ex = exampleFor(p.labels, p.id, cfg, minHumanLabels)
      if (!ex) continue
      // Hard labels put the winner first; soft labels keep A first with P(A).
      const flip = ex.label === 0
      const line = {
        pairId: p.id, prompt: p.prompt.text,
        chosen: flip ? p.responseB.text : p.responseA.text, rejected: flip ? p.responseA.text : p.responseB.text,
        label: flip ? 1 : ex.label, source: ex.source, split: ex.split,
      }
      if (!out.write(JSON.stringify(line) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()))
      counts[ex.split]++
      if (ex.split === 'train') counts[ex.source]++
      else evalPairIds.push(p.id)
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  if (counts.train === 0) throw badRequest('No training pairs with these settings: label more pairs or choose other label sources')
  if (counts.eval === 0) throw badRequest('No held-out pairs: the project needs pairs with a human reference (A or B) to evaluate on')
  return { ...counts, evalPairIds }
}
