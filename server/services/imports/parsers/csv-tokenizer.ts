// Streaming RFC 4180 tokenizer: quoted fields with commas, doubled quotes and line breaks, CRLF or LF.
// Like lines.ts it scans bytes (the structural characters are ASCII, never part of a UTF-8 sequence)
// and decodes a field only when it is complete. Malformed quoting is read leniently, as Excel and
// Python do: text after a closing quote, or a quote inside an unquoted field, is kept literally.

import { hadInvalidUtf8 } from './text-repair.ts'

/** `invalidUtf8`: decoding a field replaced invalid bytes with U+FFFD. */
export type CsvRow = { line: number; fields: string[]; invalidUtf8?: true } | { line: number; tooLongBytes: number } | { line: number; unclosedQuote: true }

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

// Plain constants rather than an enum, so the module also runs under Node's type stripping.
const State = { FieldStart: 0, Unquoted: 1, Quoted: 2, AfterQuote: 3 } as const
type State = (typeof State)[keyof typeof State]

export class CsvTokenizer {
  private state: State = State.FieldStart
  private pieces: Buffer[] = []
  private fields: string[] = []
  private line = 1
  private rowLine = 1
  private rowBytes = 0
  private invalidUtf8 = false
  private readonly maxRowBytes: number

  constructor(maxRowBytes: number) {
    this.maxRowBytes = maxRowBytes
  }

  /** Tokenizes one chunk; returns the rows it completed. */
  push(chunk: Buffer): CsvRow[] {
    const rows: CsvRow[] = []
    let segStart = this.state === State.Unquoted || this.state === State.Quoted ? 0 : -1
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]
      // The row's own line break does not count towards its size, a line break inside quotes does.
      if ((c !== LF || this.state === State.Quoted) && ++this.rowBytes === this.maxRowBytes + 1) {
        this.pieces = []
        this.fields = []
      }
      switch (this.state) {
        case State.FieldStart:
        case State.AfterQuote:
          if (c === QUOTE) {
            // At a field's start a quote opens it; right after a closing quote it is an escaped quote.
            segStart = this.state === State.FieldStart ? i + 1 : i
            this.state = State.Quoted
          } else if (c === COMMA) this.endField()
          else if (c === LF) this.endRow(rows)
          else if (c !== CR) {
            this.state = State.Unquoted
            segStart = i
          }
          break
        case State.Unquoted:
          if (c === COMMA || c === LF || c === CR) {
            this.keep(chunk, segStart, i)
            segStart = i + 1 // a stray CR inside an unquoted field is dropped
            if (c === COMMA) this.endField()
            else if (c === LF) this.endRow(rows)
          }
          break
        case State.Quoted:
          if (c === QUOTE) {
            this.keep(chunk, segStart, i)
            this.state = State.AfterQuote
          }
          break
      }
      if (c === LF) this.line++
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.keep(chunk, segStart, chunk.length)
    return rows
  }

  /** Flushes the last row at the end of the input. */
  end(): CsvRow[] {
    if (this.state === State.Quoted) return [{ line: this.rowLine, unclosedQuote: true }]
    const rows: CsvRow[] = []
    if (this.rowBytes > 0) this.endRow(rows)
    return rows
  }

  private get overflowing(): boolean {
    return this.rowBytes > this.maxRowBytes
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    if (end > start && !this.overflowing) this.pieces.push(chunk.subarray(start, end))
  }

  private endField(): void {
    this.state = State.FieldStart
    if (this.overflowing) return
    const bytes = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces)
    const value = bytes.toString('utf8')
    if (hadInvalidUtf8(value, bytes)) this.invalidUtf8 = true
    // Quoted multi-line cells keep their line breaks; CRLF inside them is normalised to LF.
    this.fields.push(value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value)
    this.pieces = []
  }

  private endRow(rows: CsvRow[]): void {
    this.endField()
    if (this.overflowing) rows.push({ line: this.rowLine, tooLongBytes: this.rowBytes })
    else rows.push(this.invalidUtf8 ? { line: this.rowLine, fields: this.fields, invalidUtf8: true } : { line: this.rowLine, fields: this.fields })
    this.invalidUtf8 = false
    this.fields = []
    this.pieces = []
    this.rowBytes = 0
    this.rowLine = this.line + 1
  }
}

export async function* tokenizeCsv(chunks: AsyncIterable<Buffer>, maxRowBytes: number): AsyncGenerator<CsvRow> {
  const tokenizer = new CsvTokenizer(maxRowBytes)
  for await (const chunk of chunks) yield* tokenizer.push(chunk)
  yield* tokenizer.end()
}
