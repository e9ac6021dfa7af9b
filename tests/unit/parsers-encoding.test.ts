// Byte-level faults in otherwise good files (issue 8, item 5): an escaped NUL (\u0000), which
// PostgreSQL text cannot store, and invalid UTF-8. Both keep their record, with a warning that names
// the line; the lines after them are read as usual. Also: runs of empty lines keep the line numbers.
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { collectItems, parsers, type ImportFormat } from '@/server/services/imports/parsers/index.ts'

const parse = (format: ImportFormat, bytes: Buffer | string) => collectItems(parsers[format](Readable.from([Buffer.from(bytes)])))
const pairLine = (prompt: string, chosen = 'yes', rejected = 'no') => JSON.stringify({ prompt, chosen, rejected })
/** "héllo" with its é (c3 a9) cut to a lone c3 byte, which is not UTF-8. */
const badUtf8 = (before: string, after: string) => Buffer.concat([Buffer.from(before), Buffer.from([0xc3]), Buffer.from(after)])

describe('NUL characters', () => {
  test('an escaped \\u0000 in JSON Lines is removed with a warning on its line; the lines after it are kept', async () => {
    const text = [pairLine('first'), pairLine('nul\u0000 in the prompt', 'y\u0000e\u0000s'), pairLine('third')].join('\n')
    expect(text).toContain('\\u0000') // JSON.stringify escapes it, as exports do
    const { pairs, errors, warnings } = await parse('JSONL_PAIRS', text)
    expect(errors).toEqual([])
    expect(pairs.map((p) => p.line)).toEqual([1, 2, 3])
    const second = pairs[1].pair
    expect([second.prompt, second.responseA, second.responseB].sort()).toEqual(['no', 'nul in the prompt', 'yes'].sort())
    expect(warnings).toEqual([{ kind: 'warning', line: 2, reason: 'line 2: 3 NUL characters (\\u0000) were removed; the database cannot store it' }])
  })

  test('in a JSON array the warning names the item; an escaped backslash before u0000 is no NUL', async () => {
    const text = JSON.stringify([{ prompt: 'a', chosen: 'b\u0000', rejected: 'c' }, { prompt: 'literally \\u0000', chosen: 'b', rejected: 'c' }])
    const { pairs, warnings } = await parse('JSONL_PAIRS', text)
    expect(pairs).toHaveLength(2)
    expect(pairs[1].pair.prompt).toBe('literally \\u0000')
    expect(warnings.map((w) => w.reason)).toEqual(['item 1: a NUL character (\\u0000) was removed; the database cannot store it'])
  })

  test('a raw NUL byte in a CSV cell is removed with a warning', async () => {
    const { pairs, warnings } = await parse('CSV', 'prompt,chosen,rejected\nq1,a,b\nq2\u0000,a,b\n')
    expect(pairs.map((p) => p.pair.prompt)).toEqual(['q1', 'q2'])
    expect(warnings).toEqual([{ kind: 'warning', line: 3, reason: 'line 3: a NUL character (\\u0000) was removed; the database cannot store it' }])
  })
})

describe('invalid UTF-8', () => {
  test('JSON Lines: the record is read with U+FFFD and a warning on its line', async () => {
    const bytes = Buffer.concat([Buffer.from(pairLine('fine') + '\n'), badUtf8('{"prompt": "h', 'llo", "chosen": "a", "rejected": "b"}\n'), Buffer.from(pairLine('after'))])
    const { pairs, errors, warnings } = await parse('JSONL_PAIRS', bytes)
    expect(errors).toEqual([])
    expect(pairs.map((p) => p.pair.prompt)).toEqual(['fine', 'h\uFFFDllo', 'after'])
    expect(warnings).toEqual([{ kind: 'warning', line: 2, reason: expect.stringMatching(/^line 2: invalid UTF-8 bytes were replaced by U\+FFFD/) }])
  })

  test('a U+FFFD that the file really contains is no warning', async () => {
    const { pairs, warnings } = await parse('JSONL_PAIRS', pairLine('a real \uFFFD') + '\n')
    expect(pairs).toHaveLength(1)
    expect(warnings).toEqual([])
  })

  test('CSV: the warning names the row', async () => {
    const bytes = Buffer.concat([Buffer.from('prompt,chosen,rejected\nq1,a,b\n'), badUtf8('q', '2,a,b\n')])
    const { pairs, warnings } = await parse('CSV', bytes)
    expect(pairs.map((p) => p.pair.prompt)).toEqual(['q1', 'q\uFFFD2'])
    expect(warnings.map((w) => [w.line, w.reason.slice(0, 30)])).toEqual([[3, 'line 3: invalid UTF-8 bytes we']])
  })

  test('a JSON array: one warning for the file that names the lines', async () => {
    const bytes = Buffer.concat([Buffer.from('[\n{"prompt": "ok", "chosen": "a", "rejected": "b"},\n'), badUtf8('{"prompt": "h', 'llo", "chosen": "a", "rejected": "b"}\n]')])
    const { pairs, warnings } = await parse('JSONL_PAIRS', bytes)
    expect(pairs).toHaveLength(2)
    expect(warnings).toEqual([{ kind: 'warning', line: 0, reason: expect.stringMatching(/^line 3 of the file: invalid UTF-8 bytes were replaced/) }])
  })
})

test('a million empty lines are skipped and keep the line numbers of what follows', async () => {
  const { pairs } = await parse('JSONL_PAIRS', pairLine('a') + '\n'.repeat(1_000_000) + pairLine('b') + '\r\n\r\n' + pairLine('c'))
  expect(pairs.map((p) => [p.line, p.pair.prompt])).toEqual([[1, 'a'], [1_000_001, 'b'], [1_000_003, 'c']])
})
