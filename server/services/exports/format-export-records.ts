// Turns one exported pair into a JSON line: the TRL preference record (prompt, chosen, rejected) from
// the majority label, or the full record with every label and the pair's human reference. Pure.
import { itemAgreement } from '../agreement/stats.ts'
import { humanReferenceOf } from '../../lib/human-reference.ts'
import type { ExportPair } from './stream-project-pairs.ts'

/** minLabels: the project's minHumanLabels when the export is of human labels (the human reference),
 *  else 1 (the plurality of the chosen source's labels, the same rule). */
export type TrlFilter = { minAgreement: number; minLabels: number }
export type TrlRecord = { prompt: string; chosen: string; rejected: string }

/**
 * The majority is the strict unique plurality of the pair's labels (already limited to the chosen
 * source; for human labels this is the human reference, README "The human reference"); agreement is
 * its share of those labels. Fewer than minLabels labels, a tie at the top, or a TIE majority: no
 * record. Agreement below minAgreement: no record.
 */
export function trlRecord(pair: Pick<ExportPair, 'prompt' | 'responseA' | 'responseB' | 'labels'>, filter: TrlFilter): TrlRecord | null {
  const choices = pair.labels.map((l) => l.choice)
  const majority = humanReferenceOf(choices, filter.minLabels)
  if (majority === null || majority === 'TIE') return null
  if ((itemAgreement(choices) ?? 0) < filter.minAgreement) return null
  const [chosen, rejected] = majority === 'A' ? [pair.responseA, pair.responseB] : [pair.responseB, pair.responseA]
  return { prompt: pair.prompt.text, chosen: chosen.text, rejected: rejected.text }
}

/** Every label of the pair, and its human reference under the project's minimum (null: none). */
export function fullRecord(pair: ExportPair, minHumanLabels: number) {
  return {
    pair_id: pair.id,
    ordinal: pair.ordinal,
    source_ref: pair.sourceRef,
    prompt: pair.prompt.text,
    response_a: pair.responseA.text,
    response_b: pair.responseB.text,
    model_a: pair.responseA.model,
    model_b: pair.responseB.model,
    created_at: pair.createdAt.toISOString(),
    human_reference: humanReferenceOf(pair.labels.filter((l) => l.source === 'HUMAN').map((l) => l.choice), minHumanLabels),
    human_reference_min_labels: minHumanLabels,
    labels: pair.labels.map((l) => ({
      rater_key: l.raterKey,
      rater_name: l.raterName ?? l.user?.name ?? null,
      user_id: l.userId,
      source: l.source,
      choice: l.choice,
      probability: l.probability,
      confidence: l.confidence,
      rationale: l.rationale,
      import_id: l.importId,
      created_at: l.createdAt.toISOString(),
    })),
  }
}
