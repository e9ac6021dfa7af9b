// Reads the records of a JSON-based file and runs a format's converter on each. Every JSON format is
// accepted both as JSON Lines and as one JSON array (sources publish either, e.g. PandaLM ships a
// json-to-jsonl script): the first non-blank byte tells which. Arrays are parsed whole, up to maxJsonBytes.
import { isUtf8 } from 'node:buffer'
import { byteChunks, formatCount, prepend } from './input.ts'
import { splitLines, tooLongReason } from './lines.ts'
import { describe, InvalidFile, InvalidRecord, type Fields } from './fields.ts'
import { hadInvalidUtf8, invalidUtf8Reason, nulReason, stripNulDeep } from './text-repair.ts'
import { resolveLimits, type ParsedLabelRef, type ParsedPair, type ParseInput, type ParseItem, type ParseLimits, type ParseOptions, type Parser } from './types.ts'

export type SourceRecord = { kind: 'record'; line: number; where: string; value: unknown }
/** Not a record: a bad line, a line read with a change (warning), or the whole file (line 0). */
type FileNote = { kind: 'error' | 'warning'; line: number; reason: string }

const mayHoldNul = (json: string) => json.includes('\\u0000')

/** JSON can escape NUL, PostgreSQL cannot store it: removed, with a warning (the raw text is checked first, cheaply). */
function withoutNul(value: unknown, line: number, where: string): FileNote | null {
  const [, removed] = stripNulDeep(value)
  return removed ? { kind: 'warning', line, reason: nulReason(where, removed) } : null
}

export type Output = { kind: 'pair'; pair: ParsedPair } | { kind: 'labelRef'; ref: ParsedLabelRef } | { kind: 'error'; reason: string }
export type Converter = (obj: Fields, line: number) => Output | Output[]
/** Made once per parse, so a converter may keep state about the file (e.g. the judge's key prefix). */
export type ConverterFactory = (limits: ParseLimits, opts: ParseOptions) => Converter

export async function* readRecords(input: ParseInput, limits: ParseLimits): AsyncGenerator<SourceRecord | FileNote> {
  const chunks = byteChunks(input)
  const head: Buffer[] = []
  let headBytes = 0
  let first = -1
  // Peeking stops after a line's worth of blank bytes: such a file is no JSON array, and the line
  // reader, which has the limit, takes over.
  while (first === -1 && headBytes <= limits.maxLineBytes) {
    const next = await chunks.next()
    if (next.done) break
    head.push(next.value)
    headBytes += next.value.length
    first = next.value.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
  }
  const all = prepend(head, chunks)
  if (first !== -1 && head[head.length - 1][first] === 0x5b /* [ */) yield* readJsonArray(all, limits)
  else yield* readJsonLines(all, limits)
}

async function* readJsonLines(chunks: AsyncIterable<Buffer>, limits: ParseLimits): AsyncGenerator<SourceRecord | FileNote> {
  for await (const raw of splitLines(chunks, limits.maxLineBytes)) {
    const where = `line ${raw.line}`
    if ('tooLongBytes' in raw) {
      yield { kind: 'error', line: raw.line, reason: tooLongReason(where, raw.tooLongBytes, limits.maxLineBytes) }
    } else if (raw.text.trim() !== '') {
      let value: unknown
      try {
        value = JSON.parse(raw.text)
      } catch (err) {
        yield { kind: 'error', line: raw.line, reason: `${where}: not valid JSON (${(err as Error).message})` }
        continue
      }
      if (raw.invalidUtf8) yield { kind: 'warning', line: raw.line, reason: invalidUtf8Reason(where) }
      const nul = mayHoldNul(raw.text) ? withoutNul(value, raw.line, where) : null
      if (nul) yield nul
      yield { kind: 'record', line: raw.line, where, value }
    }
  }
}

async function* readJsonArray(chunks: AsyncIterable<Buffer>, limits: ParseLimits): AsyncGenerator<SourceRecord | FileNote> {
  const parts: Buffer[] = []
  let total = 0
  for await (const chunk of chunks) {
    total += chunk.length
    if (total > limits.maxJsonBytes) {
      const reason = `the file is larger than ${formatCount(limits.maxJsonBytes)} bytes, the limit for a JSON array; convert it to JSON Lines (one item per line), which has no such limit`
      yield { kind: 'error', line: 0, reason }
      return
    }
    parts.push(chunk)
  }
  const bytes = Buffer.concat(parts, total)
  parts.length = 0
  const json = bytes.toString('utf8')
  let items: unknown[] // the first byte is '[', so whatever parses is an array
  try {
    items = JSON.parse(json)
  } catch (err) {
    yield { kind: 'error', line: 0, reason: `the file is not valid JSON: ${syntaxErrorText(err as Error, json)}` }
    return
  }
  if (hadInvalidUtf8(json, bytes)) yield { kind: 'warning', line: 0, reason: invalidUtf8Reason(`${invalidUtf8Lines(bytes)} of the file`) }
  const nulInFile = mayHoldNul(json)
  for (let i = 0; i < items.length; i++) {
    const where = `item ${i + 1}`
    const nul = nulInFile ? withoutNul(items[i], i + 1, where) : null
    if (nul) yield nul
    yield { kind: 'record', line: i + 1, where, value: items[i] }
  }
}

/** "line 3", "lines 3, 9", "lines 3, 9, 12, 15, 20, … (40 lines)": where a JSON array's invalid bytes are (its items have no line). */
function invalidUtf8Lines(bytes: Buffer): string {
  const lines: number[] = []
  for (let start = 0, line = 1; start < bytes.length; line++) {
    const nl = bytes.indexOf(0x0a, start)
    const end = nl === -1 ? bytes.length : nl
    if (!isUtf8(bytes.subarray(start, end))) lines.push(line)
    start = end + 1
  }
  const shown = lines.slice(0, 5).join(', ')
  return lines.length === 1 ? `line ${shown}` : `lines ${shown}${lines.length > 5 ? `, … (${formatCount(lines.length)} lines)` : ''}`
}

/** V8 gives a character offset; a person needs a line and column to find the fault in an editor. */
function syntaxErrorText(err: Error, json: string): string {
  const match = /at position (\d+)/.exec(err.message)
  if (!match) return err.message
  const pos = Number(match[1])
  const before = json.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - before.lastIndexOf('\n')
  return `${err.message.replace(/ in JSON at position \d+.*/, '')} at line ${line}, column ${column}`
}

/** Runs one converter on one record, turning InvalidRecord into an error item that says where. */
export function convertRecord(convert: Converter, value: unknown, line: number, where: string): ParseItem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ kind: 'error', line, reason: `${where}: expected a JSON object, got ${describe(value)}` }]
  }
  try {
    const out = convert(value as Fields, line)
    return (Array.isArray(out) ? out : [out]).map((o) =>
      o.kind === 'error' ? { kind: 'error', line, reason: `${where}: ${o.reason}` } : { ...o, line },
    )
  } catch (err) {
    if (err instanceof InvalidRecord) return [{ kind: 'error', line, reason: `${where}: ${err.message}` }]
    throw err
  }
}

/** Builds a Parser for a JSON-based format from its per-record converter. */
export function recordParser(factory: ConverterFactory): Parser {
  return async function* parse(input, opts = {}) {
    const limits = resolveLimits(opts.limits)
    const convert = factory(limits, opts)
    for await (const rec of readRecords(input, limits)) {
      if (rec.kind !== 'record') {
        yield rec
        continue
      }
      let items: ParseItem[]
      try {
        items = convertRecord(convert, rec.value, rec.line, rec.where)
      } catch (err) {
        if (!(err instanceof InvalidFile)) throw err
        yield { kind: 'error', line: 0, reason: err.message }
        return
      }
      yield* items
    }
  }
}
