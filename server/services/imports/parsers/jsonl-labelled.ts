// Pairs with an optional label {prompt, response_a, response_b, label, …}: the format for data that is
// already in A/B order (no swap: the label refers to the positions). Also behind the CSV labelled layout.
// An optional `gold` (A, B or tie) marks the pair gold with that answer.
import { InvalidRecord, definedOnly, describe, optionalName, optionalNumber, optionalText, requireDistinct, text, type Fields } from './fields.ts'
import { DATASET_RATER } from './jsonl-pairs.ts'
import { recordParser, type Converter } from './records.ts'
import type { ParsedLabel, ParseLimits } from './types.ts'

const CHOICES: Record<string, ParsedLabel['choice']> = {
  a: 'A', b: 'B', tie: 'TIE', '1': 'A', '2': 'B', '0': 'TIE', response_a: 'A', response_b: 'B',
}

function parseChoice(obj: Fields, field = 'label'): ParsedLabel['choice'] | undefined {
  const value = obj[field]
  if (value === undefined || value === null || value === '') return undefined
  const choice = typeof value === 'string' || typeof value === 'number' ? CHOICES[String(value).trim().toLowerCase()] : undefined
  if (!choice) throw new InvalidRecord(`field '${field}' must be A, B, tie, 1, 2, 0, response_a or response_b, got ${describe(value)}`)
  return choice
}

function parseProbability(obj: Fields, choice: ParsedLabel['choice'] | undefined): number | undefined {
  const p = optionalNumber(obj, 'probability')
  if (p === undefined) return undefined
  if (p < 0 || p > 1) throw new InvalidRecord(`field 'probability' must be between 0 and 1 (the probability that A is better), got ${p}`)
  // A label that disagrees with its own probability is most likely a swapped column.
  if ((choice === 'A' && p < 0.5) || (choice === 'B' && p > 0.5)) {
    throw new InvalidRecord(`field 'probability' (${p}, the probability that A is better) contradicts label ${choice}`)
  }
  return p
}

function parseSource(obj: Fields): ParsedLabel['source'] {
  const source = optionalName(obj, 'source')?.toLowerCase()
  if (source === undefined || source === 'human') return 'HUMAN'
  if (source === 'ai') return 'AI'
  throw new InvalidRecord(`field 'source' must be "human" or "ai", got ${describe(obj.source)}`)
}

/** The label of a record, or undefined when it has none (an unlabelled pair for annotators). */
export function parseLabel(obj: Fields, limits: ParseLimits): ParsedLabel | undefined {
  const labelled = parseChoice(obj)
  const probability = parseProbability(obj, labelled)
  // A soft label alone (probability without label) still says which response is better.
  const choice = labelled ?? (probability === undefined ? undefined : probability > 0.5 ? 'A' : probability < 0.5 ? 'B' : 'TIE')
  const source = parseSource(obj)
  const rationale = optionalText(obj, 'rationale', limits)
  if (choice === undefined) return undefined
  const annotator = optionalName(obj, 'annotator')
  const rater = annotator === undefined ? { raterKey: DATASET_RATER.raterKey, raterName: DATASET_RATER.raterName } : { raterKey: `ext:${annotator}`, raterName: annotator }
  return { source, choice, ...rater, ...definedOnly({ probability, rationale }) }
}

export const convertLabelled = (limits: ParseLimits): Converter => (obj) => {
  const prompt = text(obj, 'prompt', limits)
  const responseA = text(obj, 'response_a', limits)
  const responseB = text(obj, 'response_b', limits)
  requireDistinct(responseA, responseB, `'response_a' and 'response_b'`)
  const label = parseLabel(obj, limits)
  const optional = definedOnly({ modelA: optionalName(obj, 'model_a'), modelB: optionalName(obj, 'model_b'), sourceRef: optionalName(obj, 'id'), itemId: optionalName(obj, 'id'), subset: optionalName(obj, 'subset'), gold: parseChoice(obj, 'gold') })
  return { kind: 'pair', pair: { prompt, responseA, responseB, ...optional, labels: label ? [label] : [] } }
}

export const parseJsonlLabelled = recordParser(convertLabelled)
