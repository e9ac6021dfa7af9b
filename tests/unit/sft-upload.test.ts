// The uploaded SFT file's reader: every example with its line, every bad line refused with its number
// and why (malformed JSON, not an object, a missing, non-text, blank or too long field, a line over
// the byte limit), blank lines skipped but counted, and a JSON array read item by item.
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { readSftUpload, refusalText, type SftUploadItem } from '@/server/services/policies/read-sft-upload.ts'

async function read(text: string, limits = {}) {
  const items: SftUploadItem[] = []
  for await (const item of readSftUpload(Readable.from([Buffer.from(text)]), limits)) items.push(item)
  return items
}
const line = (v: unknown) => JSON.stringify(v)

describe('readSftUpload', () => {
  test('good lines become examples with their line numbers; other fields are ignored', async () => {
    const file = [line({ prompt: 'Q1', response: ' A1' }), '', line({ prompt: 'Q2', response: 'A2', split: 'eval', id: 7 })].join('\n') + '\n'
    expect(await read(file)).toEqual([
      { kind: 'example', line: 1, example: { prompt: 'Q1', response: ' A1' } },
      { kind: 'example', line: 3, example: { prompt: 'Q2', response: 'A2' } }, // line 2 was blank
    ])
  })

  test('each bad line is refused with its number and reason, the good ones still read', async () => {
    const file = [
      line({ prompt: 'ok', response: 'fine' }),
      '{"prompt": "Q", "response": ', // malformed JSON
      line(['prompt', 'response']), // not an object
      line({ prompt: 'Q' }), // missing response
      line({ prompt: '   ', response: 'A' }), // blank prompt
      line({ prompt: 'Q', response: 3 }), // not text
      line({ prompt: 'Q', response: 'x'.repeat(11) }), // over maxFieldChars 10
    ].join('\n')
    const items = await read(file, { maxFieldChars: 10 })
    expect(items[0]).toEqual({ kind: 'example', line: 1, example: { prompt: 'ok', response: 'fine' } })
    const errors = items.filter((i) => i.kind === 'error')
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7])
    const reasons = errors.map((e) => (e.kind === 'error' ? e.reason : ''))
    expect(reasons[0]).toMatch(/^line 2: not valid JSON/)
    expect(reasons[1]).toBe('line 3: expected a JSON object with "prompt" and "response", got a list')
    expect(reasons[2]).toBe("line 4: field 'response' is missing")
    expect(reasons[3]).toBe("line 5: field 'prompt' is empty")
    expect(reasons[4]).toBe("line 6: field 'response' must be text, got 3")
    expect(reasons[5]).toBe("line 7: field 'response' is too long (11 characters; the limit is 10)")
  })

  test('a line over the byte limit is refused by its number, unread, and the next line still reads', async () => {
    const huge = line({ prompt: 'Q', response: 'y'.repeat(200) }) // 230 bytes
    const items = await read([huge, line({ prompt: 'P', response: 'R' })].join('\n'), { maxLineBytes: 100 })
    expect(items).toEqual([
      { kind: 'error', line: 1, reason: `line 1 is ${huge.length} bytes long, over the limit of 100 bytes; skipped` },
      { kind: 'example', line: 2, example: { prompt: 'P', response: 'R' } },
    ])
  })

  test('a JSON array is read item by item', async () => {
    const items = await read(line([{ prompt: 'a', response: 'b' }, { prompt: 'c' }]))
    expect(items).toEqual([
      { kind: 'example', line: 1, example: { prompt: 'a', response: 'b' } },
      { kind: 'error', line: 2, reason: "item 2: field 'response' is missing" },
    ])
  })

  test('the refusal names the first five reasons and the count', () => {
    const reasons = Array.from({ length: 7 }, (_, i) => `line ${i + 1}: bad`)
    expect(refusalText(reasons, 7)).toBe('7 invalid lines, so nothing was stored: line 1: bad; line 2: bad; line 3: bad; line 4: bad; line 5: bad; …')
    expect(refusalText(['line 4: bad'], 1)).toBe('1 invalid line, so nothing was stored: line 4: bad')
  })
})
