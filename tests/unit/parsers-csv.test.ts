// CSV: the RFC 4180 tokenizer's edge cases (quotes, commas and line breaks inside fields, CRLF, BOM,
// chunk boundaries), the two header layouts, and row-level errors with the line where the row starts.
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { collectItems, parsers, type ParseOptions } from '@/server/services/imports/parsers/index.ts'
import { CsvTokenizer } from '@/server/services/imports/parsers/csv-tokenizer.ts'

const parseCsv = (text: string, opts?: ParseOptions) => collectItems(parsers.CSV(Readable.from([Buffer.from(text)]), opts))

function tokenize(text: string, chunkSize = Infinity): unknown[] {
  const tokenizer = new CsvTokenizer(1_000_000)
  const buf = Buffer.from(text)
  const rows: unknown[] = []
  for (let i = 0; i < buf.length; i += chunkSize) rows.push(...tokenizer.push(buf.subarray(i, i + chunkSize)))
  return [...rows, ...tokenizer.end()]
}

describe('CSV tokenizer', () => {
  const tricky = [
    'a,"b, with comma","c ""quoted"""',
    '"multi\r\nline\nfield",,"é😀"',
    '"",x,""""',
  ].join('\r\n')
  const expected = [
    { line: 1, fields: ['a', 'b, with comma', 'c "quoted"'] },
    { line: 2, fields: ['multi\nline\nfield', '', 'é😀'] },
    { line: 5, fields: ['', 'x', '"'] },
  ]

  test.each([1, 2, 3, 4, 1000])('quoted commas, doubled quotes, line breaks, UTF-8 in %i-byte chunks', (size) => {
    expect(tokenize(tricky, size)).toEqual(expected)
    expect(tokenize(tricky + '\r\n', size)).toEqual(expected)
  })

  test('LF and CRLF endings, trailing empty field, blank lines pass through as one empty field', () => {
    expect(tokenize('a,b,\n\nc\r\n')).toEqual([
      { line: 1, fields: ['a', 'b', ''] },
      { line: 2, fields: [''] },
      { line: 3, fields: ['c'] },
    ])
  })

  test('malformed quoting is read leniently, like Excel and Python', () => {
    expect(tokenize('"abc"def,x"y"\n')).toEqual([{ line: 1, fields: ['abcdef', 'x"y"'] }])
  })

  test('an unclosed quote is reported at the line where its row starts', () => {
    expect(tokenize('a,b\n"never\nclosed,c\n')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, unclosedQuote: true }])
  })
})

describe('CSV parser', () => {
  test('prompt,chosen,rejected layout: BOM, any header case, quoted multi-line cells, deterministic A/B', async () => {
    const text = '\uFEFFPrompt, Chosen ,REJECTED,model_chosen\r\n"Say ""hi""\r\nplease","Hi, there!",Go away.,gpt\r\n'
    const { pairs, errors } = await parseCsv(text)
    expect(errors).toEqual([])
    expect(pairs).toHaveLength(1)
    const { pair, line } = pairs[0]
    expect(line).toBe(2)
    expect(pair.prompt).toBe('Say "hi"\nplease')
    const chosenAt = pair.labels[0].choice
    expect(chosenAt === 'A' ? [pair.responseA, pair.modelA] : [pair.responseB, pair.modelB]).toEqual(['Hi, there!', 'gpt'])
    expect(pair.labels[0]).toMatchObject({ source: 'HUMAN', raterKey: 'ext:dataset' })
  })

  test('labelled layout with labels in every spelling, blank label = unlabelled, annotator and probability', async () => {
    const text = [
      'prompt,response_a,response_b,label,annotator,probability',
      'p1,a,b,A,,',
      'p2,a,b,tie,ann,',
      'p3,a,b,2,,0.2',
      'p4,a,b,response_a,,',
      'p5,a,b,,,',
    ].join('\n')
    const { pairs, errors } = await parseCsv(text)
    expect(errors).toEqual([])
    expect(pairs.map((p) => p.pair.labels)).toEqual([
      [{ source: 'HUMAN', choice: 'A', raterKey: 'ext:dataset', raterName: 'Dataset label' }],
      [{ source: 'HUMAN', choice: 'TIE', raterKey: 'ext:ann', raterName: 'ann' }],
      [{ source: 'HUMAN', choice: 'B', raterKey: 'ext:dataset', raterName: 'Dataset label', probability: 0.2 }],
      [{ source: 'HUMAN', choice: 'A', raterKey: 'ext:dataset', raterName: 'Dataset label' }],
      [],
    ])
    expect(pairs[0].pair).toMatchObject({ prompt: 'p1', responseA: 'a', responseB: 'b' })
  })

  test('bad rows are errors at the line where the row starts; blank rows are skipped', async () => {
    const text = [
      'prompt,response_a,response_b,label', // 1
      '"multi', // 2: row spans lines 2-3
      'line",a,a,A', // 3
      'p,a,b,C', // 4
      ',,,', // 5: spreadsheet filler
      '', // 6
      'p,a,b', // 7
      ',a,b,', // 8
      'p,a,b,A,extra', // 9
      'ok,a,b,B', // 10
    ].join('\r\n')
    const { pairs, errors } = await parseCsv(text)
    expect(pairs.map((p) => p.line)).toEqual([10])
    expect(errors).toEqual([
      { kind: 'error', line: 2, reason: "line 2: 'response_a' and 'response_b' are identical" },
      { kind: 'error', line: 4, reason: `line 4: field 'label' must be A, B, tie, 1, 2, 0, response_a or response_b, got "C"` },
      { kind: 'error', line: 7, reason: 'line 7: the row has 3 fields but the header has 4' },
      { kind: 'error', line: 8, reason: "line 8: field 'prompt' is empty" },
      { kind: 'error', line: 9, reason: 'line 9: the row has 5 fields but the header has 4' },
    ])
  })

  test('an unknown header is one error naming the expected headers, and nothing else is read', async () => {
    expect((await parseCsv('question,answer1,answer2\nq,a,b\n')).errors).toEqual([{
      kind: 'error',
      line: 1,
      reason: 'line 1: unknown CSV header "question,answer1,answer2"; expected the columns prompt,chosen,rejected or prompt,response_a,response_b[,label][,annotator]',
    }])
    const typo = await parseCsv('prompt,response_a,response_b,anotator,\np,a,b,x,\n')
    expect(typo.pairs).toEqual([])
    expect(typo.errors.map((e) => e.reason)).toEqual([
      "line 1: unknown column 'anotator', an unnamed column in the CSV header; expected the columns prompt,chosen,rejected or prompt,response_a,response_b[,label][,annotator] (optional: label, annotator, source, probability, rationale, model_a, model_b, id, subset)",
    ])
    expect((await parseCsv('prompt,chosen,rejected,Chosen\n')).errors.map((e) => e.reason)).toEqual([
      "line 1: column 'chosen' appears twice in the CSV header",
    ])
  })

  test('a row over maxLineBytes is skipped even when the excess is inside quotes', async () => {
    const big = `"${'x\n'.repeat(600)}"`
    const text = `prompt,chosen,rejected\n${big},a,b\nok,a,b\n`
    const { pairs, errors } = await parseCsv(text, { limits: { maxLineBytes: 1000 } })
    expect(errors).toEqual([{ kind: 'error', line: 2, reason: 'line 2: the row that starts here is 1,206 bytes long, over the limit of 1,000 bytes; skipped' }])
    expect(pairs.map((p) => [p.line, p.pair.prompt])).toEqual([[603, 'ok']])
  })

  test('an over-long header row stops the parse', async () => {
    const { errors } = await parseCsv(`prompt,chosen,rejected${',x'.repeat(100)}\np,a,b\n`, { limits: { maxLineBytes: 50 } })
    expect(errors.map((e) => e.line)).toEqual([1])
  })
})
