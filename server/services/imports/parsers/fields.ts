// Field validation and pair building shared by the format converters. A bad field throws
// InvalidRecord, which the record loop turns into an error item; anything else that throws is a bug.
import { createHash } from 'node:crypto'
import { formatCount } from './input.ts'
import type { ParsedLabel, ParsedPair, ParseLimits } from './types.ts'

/** Content problem in one record: becomes `{ kind: 'error' }`, the parse goes on. */
export class InvalidRecord extends Error {}

/** Content problem that makes the rest of the file meaningless: becomes a line-0 error, the parse stops. */
export class InvalidFile extends Error {}

export type Fields = Record<string, unknown>

/** Names, ids and model names are labels in the UI, not content: a short cap keeps junk out. */
const MAX_NAME_CHARS = 200

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return String(value)
}

/** A present string, possibly blank (for transcripts that are split before they are checked). */
export function rawString(obj: Fields, key: string): string {
  const value = obj[key]
  if (value === undefined) throw new InvalidRecord(`field '${key}' is missing`)
  if (typeof value !== 'string') throw new InvalidRecord(`field '${key}' must be text, got ${describe(value)}`)
  return value
}

/** Checks text that will be shown to annotators; `what` names it in the error ("field 'prompt'"). */
export function checkText(value: string, what: string, limits: ParseLimits): string {
  if (value.trim() === '') throw new InvalidRecord(`${what} is empty`)
  if (value.length > limits.maxFieldChars) {
    throw new InvalidRecord(
      `${what} is too long (${formatCount(value.length)} characters; the limit is ${formatCount(limits.maxFieldChars)})`,
    )
  }
  return value
}

export function text(obj: Fields, key: string, limits: ParseLimits): string {
  return checkText(rawString(obj, key), `field '${key}'`, limits)
}

/** Optional text; blank counts as absent (CSV has no null, and empty reasons are common). */
export function optionalText(obj: Fields, key: string, limits: ParseLimits): string | undefined {
  const value = obj[key]
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined
  return text(obj, key, limits)
}

/** Optional short name or id; numbers are accepted because ids often are. Blank counts as absent. */
export function optionalName(obj: Fields, key: string): string | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') throw new InvalidRecord(`field '${key}' must be text, got ${describe(value)}`)
  const name = value.trim()
  if (name.length > MAX_NAME_CHARS) throw new InvalidRecord(`field '${key}' is longer than ${MAX_NAME_CHARS} characters`)
  return name || undefined
}

/** A number, or its text (CSV cells are text); blank counts as absent. */
export function optionalNumber(obj: Fields, key: string): number | undefined {
  const value = obj[key]
  if (value === undefined || value === null || value === '') return undefined
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new InvalidRecord(`field '${key}' must be a number, got ${describe(value)}`)
  return n
}

export function requireDistinct(a: string, b: string, what: string): void {
  // Responses that differ only in surrounding whitespace look the same to an annotator.
  if (a.trim() === b.trim()) throw new InvalidRecord(`${what} are identical`)
}

/**
 * Whether the preferred response goes to position A. Sources list the preferred response first, and
 * showing it always in one place would teach annotators a position bias; a content hash keeps the
 * order random yet the same on every re-import (the pair's content hash depends on the order).
 */
export function chosenIsA(prompt: string, chosen: string, rejected: string): boolean {
  const digest = createHash('sha256').update(prompt).update('\0').update(chosen).update('\0').update(rejected).digest()
  return digest[0] % 2 === 0
}

export type PreferenceInput = {
  prompt: string
  chosen: string
  rejected: string
  modelChosen?: string
  modelRejected?: string
  sourceRef?: string
  itemId?: string
  subset?: string
  rater: Omit<ParsedLabel, 'choice'>
}

/** A chosen/rejected preference as a pair with one label, the order decided by chosenIsA. */
export function preferencePair(p: PreferenceInput): ParsedPair {
  const aIsChosen = chosenIsA(p.prompt, p.chosen, p.rejected)
  return {
    prompt: p.prompt,
    responseA: aIsChosen ? p.chosen : p.rejected,
    responseB: aIsChosen ? p.rejected : p.chosen,
    ...definedOnly({
      modelA: aIsChosen ? p.modelChosen : p.modelRejected,
      modelB: aIsChosen ? p.modelRejected : p.modelChosen,
      sourceRef: p.sourceRef,
      itemId: p.itemId,
      subset: p.subset,
    }),
    labels: [{ ...p.rater, choice: aIsChosen ? 'A' : 'B' }],
  }
}

/** Drops undefined values so that records compare cleanly and optional keys stay absent. */
export function definedOnly<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Partial<T> = {}
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] !== undefined) out[key] = obj[key]
  return out
}
