// CSV files with a header row, in one of two layouts that mirror the JSON Lines formats, so the rows
// go through the same converters: prompt,chosen,rejected (→ JSONL_PAIRS) or
// prompt,response_a,response_b[,label][,annotator]… (→ JSONL_LABELLED). Column names ignore case.
import { byteChunks } from './input.ts'
import { tooLongReason } from './lines.ts'
import { convertLabelled } from './jsonl-labelled.ts'
import { convertPairs } from './jsonl-pairs.ts'
import { tokenizeCsv } from './csv-tokenizer.ts'
import { convertRecord, type Converter } from './records.ts'
import { invalidUtf8Reason, nulReason, stripNulText } from './text-repair.ts'
import { resolveLimits, type ParseLimits, type Parser } from './types.ts'

type Layout = { required: string[]; optional: string[]; converter: (limits: ParseLimits) => Converter }

const LAYOUTS: Layout[] = [
  { required: ['prompt', 'chosen', 'rejected'], optional: ['id', 'model_chosen', 'model_rejected', 'subset'], converter: convertPairs },
  {
    required: ['prompt', 'response_a', 'response_b'],
    optional: ['label', 'annotator', 'source', 'probability', 'rationale', 'model_a', 'model_b', 'id', 'subset'],
    converter: convertLabelled,
  },
]

export const CSV_EXPECTED_HEADERS = 'prompt,chosen,rejected or prompt,response_a,response_b[,label][,annotator]'

type Header = { columns: string[]; convert: Converter }

/** The header's layout, or the reason it has none. Unknown columns are refused: they are usually typos. */
function readHeader(fields: string[], limits: ParseLimits): Header | string {
  const columns = fields.map((f) => f.trim().toLowerCase())
  const layout = LAYOUTS.find((l) => l.required.every((c) => columns.includes(c)))
  const expected = `expected the columns ${CSV_EXPECTED_HEADERS}`
  if (!layout) return `unknown CSV header "${fields.join(',')}"; ${expected}`
  const unknown = columns.filter((c) => !layout.required.includes(c) && !layout.optional.includes(c))
  if (unknown.length) {
    const names = unknown.map((c) => (c ? `'${c}'` : 'an unnamed column')).join(', ')
    return `unknown column ${names} in the CSV header; ${expected} (optional: ${layout.optional.join(', ')})`
  }
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i)
  if (repeated) return `column '${repeated}' appears twice in the CSV header`
  return { columns, convert: layout.converter(limits) }
}

export const parseCsv: Parser = async function* (input, opts = {}) {
  const limits = resolveLimits(opts.limits)
  let header: Header | undefined
  for await (const row of tokenizeCsv(byteChunks(input), limits.maxLineBytes)) {
    const where = `line ${row.line}`
    if ('tooLongBytes' in row) {
      yield { kind: 'error', line: row.line, reason: tooLongReason(`${where}: the row that starts here`, row.tooLongBytes, limits.maxLineBytes) }
      if (!header) return // without a header no later row can be read
    } else if ('unclosedQuote' in row) {
      yield { kind: 'error', line: row.line, reason: `${where}: a quoted field starts in this row but its closing quote is missing` }
    } else if (row.fields.some((f) => f.trim() !== '')) {
      // Rows of blank cells are skipped like blank lines: spreadsheets export them below the data.
      if (!header) {
        const read = readHeader(row.fields, limits)
        if (typeof read === 'string') {
          yield { kind: 'error', line: row.line, reason: `${where}: ${read}` }
          return
        }
        header = read
      } else if (row.fields.length !== header.columns.length) {
        const reason = `${where}: the row has ${row.fields.length} fields but the header has ${header.columns.length}`
        yield { kind: 'error', line: row.line, reason }
      } else {
        if (row.invalidUtf8) yield { kind: 'warning', line: row.line, reason: invalidUtf8Reason(where) }
        let removed = 0
        const record = Object.fromEntries(header.columns.map((c, i) => {
          const [value, n] = stripNulText(row.fields[i])
          removed += n
          return [c, value]
        }))
        if (removed) yield { kind: 'warning', line: row.line, reason: nulReason(where, removed) }
        yield* convertRecord(header.convert, record, row.line, where)
      }
    }
  }
}
