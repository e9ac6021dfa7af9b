// Streaming line splitter. It works on bytes: '\n' never occurs inside a multi-byte UTF-8 sequence,
// so lines can be cut before decoding, and a line over the limit is measured but never held in memory.
import { formatCount } from './input.ts'

export type RawLine = { line: number; text: string } | { line: number; tooLongBytes: number }

export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<RawLine> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let lineNo = 0
  for await (const chunk of chunks) {
    let start = 0
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start)
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
      else if (pending.length === 0) yield { line: lineNo, text: withoutCr(chunk.toString('utf8', start, end)) }
      else yield { line: lineNo, text: withoutCr(Buffer.concat([...pending, chunk.subarray(start, end)]).toString('utf8')) }
      pending = []
      pendingBytes = 0
      start = nl + 1
    }
  }
  if (pendingBytes > maxLineBytes) yield { line: lineNo + 1, tooLongBytes: pendingBytes }
  else if (pendingBytes > 0) yield { line: lineNo + 1, text: withoutCr(Buffer.concat(pending).toString('utf8')) }
}

function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text
}

/** `subject` leads the reason, e.g. "line 7" or "line 7: the row that starts here". */
export function tooLongReason(subject: string, bytes: number, maxBytes: number): string {
  return `${subject} is ${formatCount(bytes)} bytes long, over the limit of ${formatCount(maxBytes)} bytes; skipped`
}
