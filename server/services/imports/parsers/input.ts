// Byte-level input handling shared by every parser: whatever the caller passes (a Node stream, an
// async iterable of strings or buffers) becomes a stream of non-empty Buffers without a UTF-8 BOM.
// The parsers split on ASCII bytes before decoding, so a character split across chunks stays whole.
import type { ParseInput } from './types.ts'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

export async function* byteChunks(input: ParseInput): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0)
  for await (const raw of input as AsyncIterable<unknown>) {
    const chunk = toBuffer(raw)
    if (chunk.length === 0) continue
    if (head === null) {
      yield chunk
      continue
    }
    // The BOM may arrive split over tiny chunks, so hold back the first bytes until it can be told.
    head = head.length ? Buffer.concat([head, chunk]) : chunk
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue
    const rest = head.subarray(startsWithBom(head) ? BOM.length : 0)
    head = null
    if (rest.length) yield rest
  }
  if (head?.length) yield head
}

function startsWithBom(buf: Buffer): boolean {
  return buf.length >= BOM.length && buf[0] === BOM[0] && buf[1] === BOM[1] && buf[2] === BOM[2]
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8')
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  throw new TypeError(`parser input must yield Buffer, Uint8Array or string chunks, got ${typeof chunk}`)
}

/** Puts already-read chunks back in front of the rest of a stream (used after peeking at a file's start). */
export async function* prepend(head: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* head
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value
  } finally {
    // A consumer that stops early must still close the underlying stream.
    await rest.return?.()
  }
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}
