// Turns one exported pair into a JSON line: the TRL preference record (prompt, chosen, rejected) from
// the majority label, or the full record with every label. Pure functions, unit-tested.
import { itemAgreement, majorityLabel } from '../agreement/stats.ts'
import type { ExportPair } from './stream-project-pairs.ts'

export type TrlFilter = { minAgreement: number }
export type TrlRecord = { prompt: string; chosen: string; rejected: string }

/**
 * The majority is the strict unique plurality of the pair's labels (already limited to the chosen
 * source); agreement is its share of those labels. No labels, a tie at the top, or a TIE majority:
 * no record. Agreement below minAgreement: no record.
 */
export function trlRecord(pair: Pick<ExportPair, 'prompt' | 'responseA' | 'responseB' | 'labels'>, filter: TrlFilter): TrlRecord | null {
  const choices = pair.labels.map((l) => l.choice)
  const majority = majorityLabel(choices)
  if (majority === null || majority === 'TIE') return null
  if ((itemAgreement(choices) ?? 0) < filter.minAgreement) return null
  const [chosen, rejected] = majority === 'A' ? [pair.responseA, pair.responseB] : [pair.responseB, pair.responseA]
  return { prompt: pair.prompt.text, chosen: chosen.text, rejected: rejected.text }
}

export function fullRecord(pair: ExportPair) {
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
