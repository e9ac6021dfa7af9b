// Streaming line splitter. It works on bytes: '\n' never occurs inside a multi-byte UTF-8 sequence,
// so lines can be cut before decoding, and a line over the limit is measured but never held in memory.
// Empty lines are counted but not yielded: a file of a gigabyte of newlines would otherwise cost a
// generator step per byte (minutes), and no reader of lines has any use for them.
import { formatCount } from './input.ts'
import { hadInvalidUtf8 } from './text-repair.ts'

/** `invalidUtf8`: decoding replaced invalid bytes with U+FFFD. */
export type RawLine = { line: number; text: string; invalidUtf8?: true } | { line: number; tooLongBytes: number }

function decode(line: number, bytes: Buffer): RawLine {
  const text = bytes.toString('utf8')
  const out: RawLine = { line, text: withoutCr(text) }
  if (hadInvalidUtf8(text, bytes)) out.invalidUtf8 = true
  return out
}

export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<RawLine> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let lineNo = 0
  for await (const chunk of chunks) {
    let start = 0
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start)
      if (nl === start && pendingBytes === 0) {
        lineNo++
        start++
        continue
      }
      const end = nl === -1 ? chunk.length : nl
      const overflowing = pendingBytes > maxLineBytes
      pendingBytes += end - start
      if (pendingBytes > maxLineBytes) {
        if (!overflowing) pending = []
      } else if (nl === -1) {
        pending.push(chunk.subarray(start, end))
      }
      if (nl === -1) break
      lineNo++
      if (pendingBytes > maxLineBytes) yield { line: lineNo, tooLongBytes: pendingBytes }
      else if (pending.length === 0) yield decode(lineNo, chunk.subarray(start, end))
      else yield decode(lineNo, Buffer.concat([...pending, chunk.subarray(start, end)]))
      pending = []
      pendingBytes = 0
      start = nl + 1
    }
  }
  if (pendingBytes > maxLineBytes) yield { line: lineNo + 1, tooLongBytes: pendingBytes }
  else if (pendingBytes > 0) yield decode(lineNo + 1, Buffer.concat(pending))
}

function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text
}

/** `subject` leads the reason, e.g. "line 7" or "line 7: the row that starts here". */
export function tooLongReason(subject: string, bytes: number, maxBytes: number): string {
  return `${subject} is ${formatCount(bytes)} bytes long, over the limit of ${formatCount(maxBytes)} bytes; skipped`
}
