// The import parsers' shared machinery: byte input, line splitting and its limit, JSON arrays versus
// JSON Lines, format sniffing and the exported tables. Format specifics live in the other parsers-* files.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { collectItems, FORMAT_INFO, parsers, resolveLimits, sniffFormat, type ImportFormat, type ParseOptions } from '@/server/services/imports/parsers/index.ts'

const DATA = path.resolve(import.meta.dirname, '../../../shared/datasets')

/** Splits text into n-byte chunks so that every boundary case (CRLF, multi-byte UTF-8, BOM) gets hit. */
function chunked(text: string, size: number): Buffer[] {
  const buf = Buffer.from(text)
  const out: Buffer[] = []
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size))
  return out
}

const parse = (format: ImportFormat, chunks: Iterable<Buffer | string>, opts?: ParseOptions) =>
  collectItems(parsers[format](Readable.from(chunks), opts))

const pairLine = (prompt: string, chosen = 'yes', rejected = 'no') => JSON.stringify({ prompt, chosen, rejected })

describe('line splitting', () => {
  const text = '\uFEFF' + [pairLine('héllo wörld 😀'), '', '  ', pairLine('second'), pairLine('third')].join('\r\n') + '\r\n\n'

  test.each([1, 2, 3, 5, 64, 1 << 16])('same records with %i-byte chunks: BOM, CRLF, blank lines, split characters', async (size) => {
    const { pairs, errors } = await parse('JSONL_PAIRS', chunked(text, size))
    expect(errors).toEqual([])
    expect(pairs.map((p) => [p.line, p.pair.prompt])).toEqual([[1, 'héllo wörld 😀'], [4, 'second'], [5, 'third']])
  })

  test('string and Uint8Array chunks are accepted; a last line without newline is read', async () => {
    const u8 = new Uint8Array(Buffer.from(pairLine('b') + '\n'))
    const { pairs } = await collectItems(parsers.JSONL_PAIRS((async function* () { yield pairLine('a') + '\n'; yield u8; yield pairLine('c') })()))
    expect(pairs.map((p) => p.pair.prompt)).toEqual(['a', 'b', 'c'])
  })

  test('a line over maxLineBytes is reported with its size and skipped; the next lines still parse', async () => {
    const long = pairLine('x'.repeat(5000))
    const text = [pairLine('a'), long, pairLine('b'), long].join('\n')
    const { pairs, errors } = await parse('JSONL_PAIRS', chunked(text, 100), { limits: { maxLineBytes: 1000 } })
    expect(pairs.map((p) => [p.line, p.pair.prompt])).toEqual([[1, 'a'], [3, 'b']])
    const reason = (line: number) => `line ${line} is ${Buffer.byteLength(long).toLocaleString('en-US')} bytes long, over the limit of 1,000 bytes; skipped`
    expect(errors).toEqual([{ kind: 'error', line: 2, reason: reason(2) }, { kind: 'error', line: 4, reason: reason(4) }])
  })

  test('a line of exactly maxLineBytes is accepted', async () => {
    const line = pairLine('a')
    const { pairs } = await parse('JSONL_PAIRS', [line + '\n' + line], { limits: { maxLineBytes: Buffer.byteLength(line) } })
    expect(pairs).toHaveLength(2)
  })

  test('a 64 MB line streams through without being kept', async () => {
    // Fresh 1 MB chunks of a single endless line: a splitter that kept them would hold all 64 MB.
    async function* huge() {
      yield '{"prompt": "'
      for (let i = 0; i < 64; i++) yield Buffer.alloc(1 << 20, 'x')
      yield '"}\n' + pairLine('after')
    }
    const { pairs, errors } = await collectItems(parsers.JSONL_PAIRS(huge()))
    expect(errors.map((e) => e.line)).toEqual([1])
    expect(errors[0].reason).toMatch(/^line 1 is 67,108,878 bytes long, over the limit of 2,000,000 bytes; skipped$/)
    expect(pairs.map((p) => p.line)).toEqual([2])
  })
})

describe('JSON records', () => {
  test('malformed JSON and non-object lines are errors that say what is wrong; parsing goes on', async () => {
    const text = [pairLine('a'), '{"prompt": "b",', '[1, 2]', 'null', pairLine('c')].join('\n')
    const { pairs, errors } = await parse('JSONL_PAIRS', [text])
    expect(pairs.map((p) => p.line)).toEqual([1, 5])
    expect(errors.map((e) => e.reason)).toEqual([
      expect.stringMatching(/^line 2: not valid JSON \(.+\)$/), // V8's wording varies between Node versions
      'line 3: expected a JSON object, got a list',
      'line 4: expected a JSON object, got null',
    ])
  })

  test('a JSON array is accepted for a JSON Lines format, with item numbers', async () => {
    const text = `  [\n${pairLine('a')},\n"oops",\n${pairLine('c')}\n]`
    const { pairs, errors } = await parse('JSONL_PAIRS', chunked(text, 7))
    expect(pairs.map((p) => [p.line, p.pair.prompt])).toEqual([[1, 'a'], [3, 'c']])
    expect(errors).toEqual([{ kind: 'error', line: 2, reason: 'item 2: expected a JSON object, got "oops"' }])
  })

  test('a JSON array file over maxJsonBytes is one file-level error, read no further', async () => {
    let chunksRead = 0
    async function* big() {
      yield '['
      for (let i = 0; i < 100; i++, chunksRead++) yield pairLine('p'.repeat(1000)) + ','
    }
    const { pairs, errors } = await collectItems(parsers.JSONL_PAIRS(big(), { limits: { maxJsonBytes: 10_000 } }))
    expect(pairs).toEqual([])
    expect(errors).toEqual([{ kind: 'error', line: 0, reason: expect.stringMatching(/^the file is larger than 10,000 bytes, the limit for a JSON array; convert it to JSON Lines/) }])
    expect(chunksRead).toBeLessThan(20)
  })

  test('a JSON array with a syntax error points at its line and column', async () => {
    const { errors } = await parse('PANDALM', ['[\n  {"idx": 0},\n  {"idx": 1,}\n]'])
    expect(errors).toEqual([{ kind: 'error', line: 0, reason: expect.stringMatching(/^the file is not valid JSON: .+ at line 3, column 13$/) }])
  })

  test('empty and blank files give nothing', async () => {
    for (const format of Object.keys(parsers) as ImportFormat[]) {
      expect(await parse(format, [])).toEqual({ pairs: [], labelRefs: [], errors: [], warnings: [] })
      expect(await parse(format, [' \n\r\n'])).toEqual({ pairs: [], labelRefs: [], errors: [], warnings: [] })
    }
  })

  test('leading blank lines count, and a long blank start is not buffered while looking for a "["', async () => {
    const text = '\n'.repeat(300) + pairLine('a')
    const { pairs } = await parse('JSONL_PAIRS', chunked(text, 16), { limits: { maxLineBytes: 100 } })
    expect(pairs.map((p) => p.line)).toEqual([301])
  })

  test('stopping early closes the input stream', async () => {
    const stream = Readable.from([[pairLine('a'), pairLine('b'), pairLine('c')].join('\n')])
    const { pairs } = await collectItems(parsers.JSONL_PAIRS(stream), 1)
    expect(pairs).toHaveLength(1)
    expect(stream.destroyed).toBe(true)
  })

  test('bad limits are a programmer error and throw', async () => {
    expect(() => resolveLimits({ maxLineBytes: 0 })).toThrow(RangeError)
    await expect(parse('CSV', ['a'], { limits: { maxFieldChars: -1 } })).rejects.toThrow('limits.maxFieldChars')
  })
})

describe('sniffFormat', () => {
  const head = (file: string) => fs.readFileSync(path.join(DATA, file)).subarray(0, 4096).toString('utf8')

  test('recognises every real data set from its first 4 KB', () => {
    const hh = zlib.gunzipSync(fs.readFileSync(path.join(DATA, 'hh-rlhf-harmless/test.jsonl.gz'))).subarray(0, 4096).toString('utf8')
    expect(sniffFormat(hh)).toBe('HH_RLHF')
    expect(sniffFormat(head('pandalm/testset-v1.json'))).toBe('PANDALM')
    expect(sniffFormat(head('pandalm/judge-gpt-3.5-turbo-testset-v1.json'))).toBe('PANDALM_JUDGE')
    expect(sniffFormat(head('pandalm/judge-pandalm-7b-testset-v1.json'))).toBe('PANDALM_JUDGE')
    expect(sniffFormat(head('alpaca-eval-gpt4/annotations.json'))).toBe('ALPACA_EVAL')
    expect(sniffFormat(head('oasst/en_100_tree.jsonl'))).toBe('OASST')
  })

  test('generic formats, CSV headers and unknown content', () => {
    expect(sniffFormat(pairLine('a') + '\n')).toBe('JSONL_PAIRS')
    expect(sniffFormat('{"prompt": "p", "response_a": "a", "response_b": "b", "label": "A"}')).toBe('JSONL_LABELLED')
    expect(sniffFormat('\uFEFF"Prompt","Chosen","Rejected"\r\n"a","b","c"')).toBe('CSV')
    expect(sniffFormat('prompt,response_a,response_b,label\n')).toBe('CSV')
    expect(sniffFormat('question,answer\n')).toBeNull()
    expect(sniffFormat('{"foo": 1}')).toBeNull()
    expect(sniffFormat('')).toBeNull()
  })
})

test('FORMAT_INFO describes every format the parsers read', () => {
  expect(Object.keys(FORMAT_INFO).sort()).toEqual(Object.keys(parsers).sort())
  for (const info of Object.values(FORMAT_INFO)) {
    expect(info.label).not.toBe('')
    expect(info.extensions.every((e) => e.startsWith('.'))).toBe(true)
  }
})
