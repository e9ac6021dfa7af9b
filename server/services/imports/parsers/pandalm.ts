// PandaLM's human-annotated test set: a JSON array of {idx, cmp_key, instruction, input, response1,
// response2, annotator1..3}. response1/2 stay at A/B because the judge files refer to them by position.
import { InvalidRecord, checkText, definedOnly, describe, rawString, requireDistinct, type Fields } from './fields.ts'
import { recordParser, type Converter } from './records.ts'
import type { ParsedLabel, ParseLimits } from './types.ts'

/** PandaLM's coding of a verdict, shared by the annotators and the judge files (0 or "Tie" = tie). */
export function pandalmChoice(value: unknown): ParsedLabel['choice'] | undefined {
  const code = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : undefined
  return code === '1' ? 'A' : code === '2' ? 'B' : code === '0' || code === 'tie' ? 'TIE' : undefined
}

/** The item's idx, which judge files use to refer to it. */
export function pandalmSourceRef(obj: Fields): string {
  const idx = obj.idx
  if (idx === undefined) throw new InvalidRecord(`field 'idx' is missing`)
  const valid = (typeof idx === 'number' && Number.isSafeInteger(idx) && idx >= 0) || (typeof idx === 'string' && /^\d+$/.test(idx))
  if (!valid) throw new InvalidRecord(`field 'idx' must be a whole number, got ${describe(idx)}`)
  return `pandalm:${Number(idx)}`
}

/** "bloom-7b_llama-7b" → both models. No PandaLM model name has a '_'; if one ever does, the split is ambiguous and the models are left out. */
function modelsFromCmpKey(obj: Fields): { modelA?: string; modelB?: string } {
  const key = obj.cmp_key
  if (typeof key !== 'string') return {}
  const parts = key.split('_')
  if (parts.length !== 2 || !parts[0].trim() || !parts[1].trim()) return {}
  return { modelA: parts[0].trim(), modelB: parts[1].trim() }
}

function annotatorLabels(obj: Fields): ParsedLabel[] {
  const keys = Object.keys(obj).filter((k) => /^annotator\d+$/.test(k))
  keys.sort((a, b) => Number(a.slice(9)) - Number(b.slice(9)))
  const labels: ParsedLabel[] = []
  for (const key of keys) {
    if (obj[key] === null) continue
    const choice = pandalmChoice(obj[key])
    if (!choice) throw new InvalidRecord(`field '${key}' must be 0 (tie), 1 or 2, got ${describe(obj[key])}`)
    labels.push({ source: 'HUMAN', choice, raterKey: `ext:pandalm-${key}`, raterName: `PandaLM ${key.replace(/(\d+)$/, ' $1')}` })
  }
  return labels
}

/**
 * A PandaLM response as the data set has it. Unlike other formats, an empty response is kept (a
 * model that answered nothing is what annotators judged: 54 items) and a bare JSON boolean becomes
 * its text (6 items answer a true/false question with `true`). Dropping them would lose 60 of the
 * 999 human-labelled pairs that published agreement figures are computed over.
 */
function responseText(obj: Fields, key: string, limits: ParseLimits): string {
  const value = obj[key]
  if (typeof value === 'boolean' || typeof value === 'number') return String(value)
  const s = rawString(obj, key)
  return s.trim() === '' ? '' : checkText(s, `field '${key}'`, limits)
}

export const convertPandalm = (limits: ParseLimits): Converter => (obj) => {
  const sourceRef = pandalmSourceRef(obj)
  const input = obj.input === undefined || obj.input === null ? '' : rawString(obj, 'input')
  // Blank parts are dropped rather than joined: one item has an instruction of a single space.
  const parts = [rawString(obj, 'instruction'), input].filter((part) => part.trim() !== '')
  const prompt = checkText(parts.join('\n\n'), `the prompt ('instruction' and 'input')`, limits)
  const responseA = responseText(obj, 'response1', limits)
  const responseB = responseText(obj, 'response2', limits)
  requireDistinct(responseA, responseB, `'response1' and 'response2'`)
  const pair = { prompt, responseA, responseB, ...definedOnly(modelsFromCmpKey(obj)), sourceRef, itemId: sourceRef, labels: annotatorLabels(obj) }
  return { kind: 'pair', pair }
}

export const parsePandalm = recordParser(convertPandalm)
