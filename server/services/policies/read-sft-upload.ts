// Reads an uploaded SFT file: JSON Lines (or one JSON array) of {"prompt", "response"} objects, the
// layout TRL's prompt-completion datasets use. The import parsers' record reader does the bytes (a BOM,
// lines over the size limit measured but never held, malformed JSON with its line); this checks each
// record's two fields (present, text, not blank, under the field limit) and yields the example or
// the reason, both with their line number. Other fields are ignored: the held-out split is by
// prompt, seeded, as for the project's own preferences, never taken from the file.
import { describe, InvalidRecord, text, type Fields } from '../imports/parsers/fields.ts'
import { readRecords } from '../imports/parsers/records.ts'
import { resolveLimits, type ParseInput, type ParseLimits } from '../imports/parsers/types.ts'

export type SftExample = { prompt: string; response: string }
export type SftUploadItem = { kind: 'example'; line: number; example: SftExample } | { kind: 'error'; line: number; reason: string }

export async function* readSftUpload(input: ParseInput, limits: Partial<ParseLimits> = {}): AsyncGenerator<SftUploadItem> {
  const lim = resolveLimits(limits)
  for await (const rec of readRecords(input, lim)) {
    if (rec.kind !== 'record') {
      // A warning says a line was read with a repair (invalid UTF-8, NUL): its example is still usable.
      if (rec.kind === 'error') yield { kind: 'error', line: rec.line, reason: rec.reason }
      continue
    }
    const { value, line, where } = rec
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'error', line, reason: `${where}: expected a JSON object with "prompt" and "response", got ${describe(value)}` }
      continue
    }
    let example: SftExample
    try {
      example = { prompt: text(value as Fields, 'prompt', lim), response: text(value as Fields, 'response', lim) }
    } catch (e) {
      if (!(e instanceof InvalidRecord)) throw e
      yield { kind: 'error', line, reason: `${where}: ${e.message}` }
      continue
    }
    yield { kind: 'example', line, example }
  }
}

/** The first reasons of a refusal, with how many lines were invalid in all. */
export function refusalText(reasons: string[], invalid: number): string {
  const shown = reasons.slice(0, 5).join('; ')
  return `${invalid.toLocaleString('en')} invalid ${invalid === 1 ? 'line' : 'lines'}, so nothing was stored: ${shown}${invalid > 5 ? '; …' : ''}`
}
