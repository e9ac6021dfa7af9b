// JSON Lines formats: HH-RLHF on the real harmless-base test file, and the generic JSONL_PAIRS and
// JSONL_LABELLED formats on small inline files with every kind of bad line.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { collectItems, parsers, type ImportFormat, type ParseOptions } from '@/server/services/imports/parsers/index.ts'
import { chosenIsA } from '@/server/services/imports/parsers/fields.ts'

const DATA = path.resolve(import.meta.dirname, '../../../shared/datasets')
const parse = (format: ImportFormat, lines: unknown[], opts?: ParseOptions) =>
  collectItems(parsers[format](Readable.from([lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')]), opts))

describe('HH_RLHF', () => {
  test('real harmless-base test file: 2,312 lines → 2,303 pairs and 9 errors', async () => {
    // Gunzip is the caller's job; the parser gets plain JSON Lines.
    const input = fs.createReadStream(path.join(DATA, 'hh-rlhf-harmless/test.jsonl.gz')).pipe(zlib.createGunzip())
    const { pairs, errors } = await collectItems(parsers.HH_RLHF(input))
    expect(pairs).toHaveLength(2303)
    expect(pairs.every((p) => p.pair.labels.length === 1 && p.pair.sourceRef === `hh-rlhf:${p.line}`)).toBe(true)
    const chosenA = pairs.filter((p) => p.pair.labels[0].choice === 'A').length
    expect(chosenA).toBe(1156) // about half: no position bias
    expect(errors.map((e) => e.line)).toEqual([87, 517, 926, 1104, 1255, 1689, 1951, 1953, 2037])
    expect(errors[0].reason).toBe("line 87: the last Assistant turn of 'chosen' is empty")
    expect(errors[4].reason).toBe("line 1255: 'chosen' and 'rejected' differ before their last Assistant turn, so they do not share a prompt")

    const first = pairs[0]
    expect(first.line).toBe(1)
    expect(first.pair.prompt.startsWith('\n\nHuman: what are some pranks with a pen i can do?\n\nAssistant: Are you looking')).toBe(true)
    expect(first.pair.prompt.endsWith('\n\nHuman: okay some of these do not have anything to do with pens')).toBe(true)
    const chosen = first.pair.labels[0].choice === 'A' ? first.pair.responseA : first.pair.responseB
    expect(chosen).toBe('No, sorry!  All of these involve a pen, the point is that you can get funny results by doing pranks with pens.')
    expect(first.pair.labels[0]).toMatchObject({ source: 'HUMAN', raterKey: 'ext:hh-rlhf', raterName: 'HH-RLHF crowdworker' })
  })

  test('bad lines: exact line numbers and reasons', async () => {
    const t = (turns: string) => `\n\nHuman: hi${turns}`
    const { pairs, errors } = await parse('HH_RLHF', [
      { chosen: t('\n\nAssistant: hello'), rejected: t('\n\nAssistant: go away') }, // 1 ok
      { chosen: t('\n\nAssistant: hello') }, // 2
      { chosen: t(''), rejected: t('\n\nAssistant: x') }, // 3
      { chosen: t('\n\nAssistant:  same '), rejected: t('\n\nAssistant: same') }, // 4
      { chosen: 42, rejected: t('\n\nAssistant: x') }, // 5
      '', // 6: skipped
      { chosen: `\n\nHuman: a\n\nAssistant: ${'y'.repeat(200)}`, rejected: '\n\nHuman: a\n\nAssistant: n' }, // 7
    ], { limits: { maxFieldChars: 100 } })
    expect(pairs.map((p) => p.line)).toEqual([1])
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [2, "line 2: field 'rejected' is missing"],
      [3, `line 3: field 'chosen' has no "Assistant:" turn`],
      [4, "line 4: the last Assistant turns of 'chosen' and 'rejected' are identical"],
      [5, "line 5: field 'chosen' must be text, got 42"],
      [7, "line 7: the last Assistant turn of 'chosen' is too long (200 characters; the limit is 100)"],
    ])
  })
})

describe('JSONL_PAIRS', () => {
  test('chosen goes to A or B by content hash, the same on every parse, with models and id', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ prompt: `p${i}`, chosen: `good ${i}`, rejected: `bad ${i}`, model_chosen: 'm-good', model_rejected: 'm-bad', id: i }))
    const first = await parse('JSONL_PAIRS', lines)
    const again = await parse('JSONL_PAIRS', lines)
    expect(again).toEqual(first)
    const choices = first.pairs.map((p) => p.pair.labels[0].choice)
    expect(choices).toContain('A')
    expect(choices).toContain('B')
    for (const [i, { pair }] of first.pairs.entries()) {
      const aIsChosen = chosenIsA(`p${i}`, `good ${i}`, `bad ${i}`)
      expect(pair).toEqual({
        prompt: `p${i}`,
        responseA: aIsChosen ? `good ${i}` : `bad ${i}`,
        responseB: aIsChosen ? `bad ${i}` : `good ${i}`,
        modelA: aIsChosen ? 'm-good' : 'm-bad',
        modelB: aIsChosen ? 'm-bad' : 'm-good',
        sourceRef: String(i), itemId: String(i),
        labels: [{ source: 'HUMAN', choice: aIsChosen ? 'A' : 'B', raterKey: 'ext:dataset', raterName: 'Dataset label' }],
      })
    }
  })

  test('bad lines: exact line numbers and reasons', async () => {
    const { pairs, errors } = await parse('JSONL_PAIRS', [
      { prompt: 'p', chosen: 'a', rejected: 'b' }, // 1 ok
      { prompt: 'p', chosen: 'a' }, // 2
      { prompt: '  ', chosen: 'a', rejected: 'b' }, // 3
      { prompt: 'p', chosen: 'a', rejected: 'a\n' }, // 4
      { prompt: 'p', chosen: ['a'], rejected: 'b' }, // 5
      { prompt: 'p', chosen: 'a', rejected: 'b', model_chosen: { name: 'x' } }, // 6
      '{"prompt": "p", "chosen": "a", "rejected": "b"', // 7
      { prompt: 'p'.repeat(101), chosen: 'a', rejected: 'b' }, // 8
    ], { limits: { maxFieldChars: 100 } })
    expect(pairs.map((p) => p.line)).toEqual([1])
    expect(errors.map((e) => e.reason)).toEqual([
      "line 2: field 'rejected' is missing",
      "line 3: field 'prompt' is empty",
      "line 4: 'chosen' and 'rejected' are identical",
      "line 5: field 'chosen' must be text, got a list",
      "line 6: field 'model_chosen' must be text, got an object",
      expect.stringMatching(/^line 7: not valid JSON \(/),
      "line 8: field 'prompt' is too long (101 characters; the limit is 100)",
    ])
  })
})

describe('JSONL_LABELLED', () => {
  const base = { prompt: 'p', response_a: 'a', response_b: 'b' }

  test('labels in every spelling, sources, annotators, probabilities, rationale; no label = unlabelled pair', async () => {
    const { pairs, errors } = await parse('JSONL_LABELLED', [
      { ...base, label: 'a', model_a: 'ma', model_b: 'mb', id: 'x1' },
      { ...base, label: 'TIE', annotator: 'alice', source: 'HUMAN' },
      { ...base, label: 2, source: 'ai', annotator: 'gpt-4', rationale: 'B is kinder', probability: 0.1 },
      { ...base, label: '0' },
      { ...base, label: 'Response_B' },
      { ...base, label: null },
      { ...base },
      { ...base, probability: 0.7 },
    ])
    expect(errors).toEqual([])
    expect(pairs[0].pair).toEqual({ ...{ prompt: 'p', responseA: 'a', responseB: 'b' }, modelA: 'ma', modelB: 'mb', sourceRef: 'x1', itemId: 'x1', labels: [{ source: 'HUMAN', choice: 'A', raterKey: 'ext:dataset', raterName: 'Dataset label' }] })
    expect(pairs.slice(1).map((p) => p.pair.labels)).toEqual([
      [{ source: 'HUMAN', choice: 'TIE', raterKey: 'ext:alice', raterName: 'alice' }],
      [{ source: 'AI', choice: 'B', raterKey: 'ext:gpt-4', raterName: 'gpt-4', probability: 0.1, rationale: 'B is kinder' }],
      [{ source: 'HUMAN', choice: 'TIE', raterKey: 'ext:dataset', raterName: 'Dataset label' }],
      [{ source: 'HUMAN', choice: 'B', raterKey: 'ext:dataset', raterName: 'Dataset label' }],
      [],
      [],
      [{ source: 'HUMAN', choice: 'A', raterKey: 'ext:dataset', raterName: 'Dataset label', probability: 0.7 }],
    ])
  })

  test('a gold column (A, B or tie by position) marks the pair gold; anything else is a bad line', async () => {
    const { pairs, errors } = await parse('JSONL_LABELLED', [
      { ...base, gold: 'b' }, { ...base, gold: 'tie', label: 'A' }, { ...base, gold: '' }, { ...base, gold: 'chosen' },
    ])
    expect(pairs.map((p) => p.pair.gold)).toEqual(['B', 'TIE', undefined])
    expect(pairs[1].pair.labels).toEqual([{ source: 'HUMAN', choice: 'A', raterKey: 'ext:dataset', raterName: 'Dataset label' }])
    expect(errors.map((e) => e.reason)).toEqual(["line 4: field 'gold' must be A, B, tie, 1, 2, 0, response_a or response_b, got \"chosen\""])
  })

  test('bad lines: exact line numbers and reasons', async () => {
    const { pairs, errors } = await parse('JSONL_LABELLED', [
      { ...base, label: 'C' }, // 1
      { ...base, label: 3 }, // 2
      { ...base, label: 'A', probability: 1.5 }, // 3
      { ...base, label: 'A', probability: 0.2 }, // 4
      { ...base, label: 'A', probability: 'high' }, // 5
      { ...base, label: 'A', source: 'robot' }, // 6
      { ...base, response_b: 'a' }, // 7
      { prompt: 'p', response_a: 'a' }, // 8
      { ...base, label: 'B', annotator: 'x'.repeat(201) }, // 9
      { ...base, label: 'B' }, // 10 ok
    ])
    expect(pairs.map((p) => p.line)).toEqual([10])
    expect(errors.map((e) => e.reason)).toEqual([
      `line 1: field 'label' must be A, B, tie, 1, 2, 0, response_a or response_b, got "C"`,
      "line 2: field 'label' must be A, B, tie, 1, 2, 0, response_a or response_b, got 3",
      "line 3: field 'probability' must be between 0 and 1 (the probability that A is better), got 1.5",
      "line 4: field 'probability' (0.2, the probability that A is better) contradicts label A",
      `line 5: field 'probability' must be a number, got "high"`,
      `line 6: field 'source' must be "human" or "ai", got "robot"`,
      "line 7: 'response_a' and 'response_b' are identical",
      "line 8: field 'response_b' is missing",
      "line 9: field 'annotator' is longer than 200 characters",
    ])
  })
})

describe('subset (RewardBench-style benchmark files)', () => {
  test('JSONL_PAIRS and JSONL_LABELLED read an optional subset (a number is text); a list is a bad line', async () => {
    const pairs = await parse('JSONL_PAIRS', [
      { prompt: 'p1', chosen: 'good', rejected: 'bad', subset: 'alpacaeval-easy', id: 30, chosen_model: 'x' },
      { prompt: 'p2', chosen: 'good', rejected: 'bad' },
      { prompt: 'p3', chosen: 'good', rejected: 'bad', subset: ['no'] },
    ])
    expect(pairs.pairs.map((p) => p.pair.subset)).toEqual(['alpacaeval-easy', undefined])
    expect(pairs.errors).toEqual([{ kind: 'error', line: 3, reason: "line 3: field 'subset' must be text, got a list" }])
    const labelled = await parse('JSONL_LABELLED', [{ prompt: 'p', response_a: 'a', response_b: 'b', label: 'B', subset: 7 }])
    expect(labelled.pairs[0].pair).toMatchObject({ subset: '7', labels: [{ choice: 'B' }] })
  })
})
