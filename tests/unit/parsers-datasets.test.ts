// Dataset-specific formats on the real files in shared/datasets (PandaLM and its two judges,
// AlpacaEval, OpenAssistant), plus small inline files for the cases the real data lacks.
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { collectItems, parsers, type ImportFormat, type ParseOptions } from '@/server/services/imports/parsers/index.ts'

const DATA = path.resolve(import.meta.dirname, '../../../shared/datasets')
const parseFile = (format: ImportFormat, file: string, opts?: ParseOptions) =>
  collectItems(parsers[format](fs.createReadStream(path.join(DATA, file)), opts))
const parseJson = (format: ImportFormat, value: unknown, opts?: ParseOptions) =>
  collectItems(parsers[format](Readable.from([JSON.stringify(value)]), opts))

describe('PANDALM', () => {
  test('real test set: all 999 items → pairs with 3 human labels each (empty and boolean responses kept)', async () => {
    const { pairs, errors } = await parseFile('PANDALM', 'pandalm/testset-v1.json')
    expect(errors).toEqual([])
    expect(pairs).toHaveLength(999)
    expect(pairs.every((p) => p.pair.labels.length === 3 && p.pair.sourceRef === `pandalm:${p.line - 1}`)).toBe(true)
    // item 19 has an empty response1; item 158 answers with a bare JSON `true`
    expect(pairs[18].pair.responseA).toBe('')
    expect(pairs[157].pair.responseA).toBe('true')
    expect(pairs[0].pair).toEqual({
      prompt: 'The sentence you are given might be too wordy, complicated, or unclear. Rewrite the sentence and make your writing clearer by keeping it concise. Whenever possible, break complex sentences into multiple sentences and eliminate unnecessary words.\n\nIf you have any questions about my rate or if you find it necessary to increase or decrease the scope for this project, please let me know.',
      responseA: 'If you have any questions about my rate, please let me know.',
      responseB: 'If you have any questions, please let me know.',
      modelA: 'bloom-7b',
      modelB: 'llama-7b',
      sourceRef: 'pandalm:0', itemId: 'pandalm:0',
      labels: [1, 2, 3].map((n) => ({ source: 'HUMAN', choice: 'B', raterKey: `ext:pandalm-annotator${n}`, raterName: `PandaLM annotator ${n}` })),
    })
    // idx 466 has an instruction of one space: the input alone is the prompt.
    expect(pairs.find((p) => p.pair.sourceRef === 'pandalm:466')?.pair.prompt).toBe('Truthfulness')
    const models = new Set(pairs.flatMap((p) => [p.pair.modelA, p.pair.modelB]))
    expect([...models].sort()).toEqual(['bloom-7b', 'cerebras-gpt-6.7B', 'llama-7b', 'opt-7b', 'pythia-6.9b'])
    const choices = pairs.flatMap((p) => p.pair.labels.map((l) => l.choice))
    expect({ A: choices.filter((c) => c === 'A').length, B: choices.filter((c) => c === 'B').length, TIE: choices.filter((c) => c === 'TIE').length })
      .toEqual({ A: 1255, B: 1416, TIE: 326 }) // counted from the raw annotator1..3 of all 999 items (python json)
  })

  test('inline: no input, ambiguous cmp_key, bad annotator values, missing idx', async () => {
    const item = { idx: 5, cmp_key: 'a_b', instruction: 'Do it.', input: '', response1: 'x', response2: 'y', annotator1: 0, annotator2: '1', annotator3: null }
    const { pairs, errors } = await parseJson('PANDALM', [
      item,
      { ...item, cmp_key: 'my_model_v2_other' },
      { ...item, annotator2: 3 },
      { ...item, idx: undefined },
      { ...item, instruction: ' ', input: undefined },
    ])
    expect(pairs[0]).toEqual({
      kind: 'pair',
      line: 1,
      pair: {
        prompt: 'Do it.', responseA: 'x', responseB: 'y', modelA: 'a', modelB: 'b', sourceRef: 'pandalm:5', itemId: 'pandalm:5',
        labels: [
          { source: 'HUMAN', choice: 'TIE', raterKey: 'ext:pandalm-annotator1', raterName: 'PandaLM annotator 1' },
          { source: 'HUMAN', choice: 'A', raterKey: 'ext:pandalm-annotator2', raterName: 'PandaLM annotator 2' },
        ],
      },
    })
    expect(pairs[1].pair.modelA).toBeUndefined() // several '_': cannot tell where one name ends
    expect(errors.map((e) => e.reason)).toEqual([
      "item 3: field 'annotator2' must be 0 (tie), 1 or 2, got 3",
      "item 4: field 'idx' is missing",
      "item 5: the prompt ('instruction' and 'input') is empty",
    ])
  })
})

describe('PANDALM_JUDGE', () => {
  test('gpt-3.5-turbo file: 974 labels, 25 "garbage" verdicts are errors; empty reasons are kept as no rationale', async () => {
    const { labelRefs, errors, pairs } = await parseFile('PANDALM_JUDGE', 'pandalm/judge-gpt-3.5-turbo-testset-v1.json')
    expect(pairs).toEqual([])
    expect(labelRefs).toHaveLength(974)
    expect(errors).toHaveLength(25)
    expect(errors.every((e) => e.reason === `item ${e.line}: the judge's verdict "garbage" in field 'gpt_result' is not 1, 2 or Tie`)).toBe(true)
    expect(labelRefs[0]).toEqual({
      kind: 'labelRef',
      line: 1,
      ref: {
        sourceRef: 'pandalm:0',
        label: { source: 'AI', choice: 'A', raterKey: 'judge:gpt-3.5-turbo', raterName: 'gpt-3.5-turbo', rationale: 'Response 1 is better because it addresses both questions about the rate and changes in project scope.' },
      },
    })
    expect(labelRefs.filter((r) => r.ref.label.choice === 'TIE')).toHaveLength(38)
    expect(labelRefs.filter((r) => r.ref.label.rationale === undefined)).toHaveLength(13)
  })

  test('pandalm-7b file: numeric verdicts, 0 = tie, all 999 labelled', async () => {
    const { labelRefs, errors } = await parseFile('PANDALM_JUDGE', 'pandalm/judge-pandalm-7b-testset-v1.json')
    expect(errors).toEqual([])
    expect(labelRefs).toHaveLength(999)
    const count = (c: string) => labelRefs.filter((r) => r.ref.label.choice === c).length
    expect({ A: count('A'), B: count('B'), TIE: count('TIE') }).toEqual({ A: 433, B: 459, TIE: 107 })
    expect(labelRefs[0].ref).toMatchObject({ sourceRef: 'pandalm:0', label: { choice: 'B', raterKey: 'judge:pandalm-7b' } })
  })

  test('an unknown judge prefix needs judgeName; judgeName overrides a known one', async () => {
    const items = [{ idx: 0, claude_result: '2', claude_reason: 'B.' }, { idx: 1, claude_result: 'tie' }, { idx: 2 }]
    expect(await parseJson('PANDALM_JUDGE', items)).toEqual({
      pairs: [],
      labelRefs: [],
      errors: [{ kind: 'error', line: 0, reason: "cannot tell which judge wrote this file (its verdicts are in 'claude_result'); give the judge's name" }],
      warnings: [],
    })
    const named = await parseJson('PANDALM_JUDGE', items, { judgeName: 'claude-3' })
    expect(named.labelRefs.map((r) => [r.ref.sourceRef, r.ref.label.choice, r.ref.label.raterKey])).toEqual([
      ['pandalm:0', 'B', 'judge:claude-3'],
      ['pandalm:1', 'TIE', 'judge:claude-3'],
    ])
    expect(named.errors.map((e) => e.reason)).toEqual(["item 3: field 'claude_result' is missing"])
  })
})

describe('ALPACA_EVAL', () => {
  test('real annotations: 805 items → 789 pairs with one AI label, 16 identical-output items are errors', async () => {
    const { pairs, errors } = await parseFile('ALPACA_EVAL', 'alpaca-eval-gpt4/annotations.json')
    expect(pairs).toHaveLength(789)
    expect(pairs.every((p) => p.pair.labels.length === 1 && p.pair.modelA === 'text_davinci_003' && p.pair.modelB === 'alpaca-7b')).toBe(true)
    expect(errors).toHaveLength(16)
    expect(errors.every((e) => e.reason === `item ${e.line}: 'output_1' and 'output_2' are identical`)).toBe(true)
    expect(pairs.filter((p) => p.pair.labels[0].choice === 'A')).toHaveLength(584)
    expect(pairs[0].pair.prompt).toBe('What are the names of some famous actors that started their careers on Broadway?')
    expect(pairs[0].pair.labels).toEqual([{ source: 'AI', choice: 'A', raterKey: 'judge:alpaca_eval_gpt4', raterName: 'alpaca_eval_gpt4' }])
  })

  test('inline: preference 0 or null = unlabelled pair, not an error; fractional preference keeps a probability', async () => {
    const item = { instruction: 'q', output_1: 'x', output_2: 'y', generator_1: 'g1', generator_2: 'g2' }
    const { pairs, errors } = await parseJson('ALPACA_EVAL', [
      { ...item, preference: 0 },
      { ...item, preference: null },
      { ...item, preference: 1.25, annotator: 'weighted_gpt4' },
      { ...item, preference: 2 },
      { ...item, preference: 3 },
      { ...item, preference: '1' },
    ], { judgeName: undefined })
    expect(pairs.map((p) => p.pair.labels)).toEqual([
      [],
      [],
      [{ source: 'AI', choice: 'A', raterKey: 'judge:weighted_gpt4', raterName: 'weighted_gpt4', probability: 0.75 }],
      [{ source: 'AI', choice: 'B', raterKey: 'judge:alpaca_eval_gpt4', raterName: 'alpaca_eval_gpt4' }],
    ])
    expect(errors.map((e) => e.reason)).toEqual([
      "item 5: field 'preference' must be 1, 2, a number between them, or 0 for none, got 3",
      `item 6: field 'preference' must be 1, 2, a number between them, or 0 for none, got "1"`,
    ])
  })
})

describe('OASST', () => {
  test('real 100 trees: 754 ranked sibling pairs, prompts rendered as HH turns', async () => {
    const { pairs, errors } = await parseFile('OASST', 'oasst/en_100_tree.jsonl')
    expect(errors).toEqual([])
    expect(pairs).toHaveLength(754)
    expect(new Set(pairs.map((p) => p.line)).size).toBe(100)
    expect(pairs.filter((p) => p.pair.labels[0].choice === 'A')).toHaveLength(393)
    const first = pairs[0]
    expect(first.line).toBe(1)
    expect(first.pair.prompt).toBe('\n\nHuman: How can I find the best 401k plan for my needs?')
    expect(first.pair.sourceRef).toBe('oasst:054e1df3-35e0-4bb8-a585-607dbdcd24e0:03334b2a-f315-4a0d-b9ff-ac94e017e266:fa783ef0-4f4e-457d-b429-afd89edf8757')
    // fa783ef0 has rank 0 and sits at B.
    expect(first.pair.responseB.startsWith('The first step is to research your options.')).toBe(true)
    expect(first.pair).toMatchObject({ modelA: 'chip20b', modelB: 'chip20b', labels: [{ source: 'HUMAN', choice: 'B', raterKey: 'ext:oasst-ranking' }] })
    const deep = pairs.filter((p) => p.pair.prompt.split('\n\nAssistant: ').length === 3)
    expect(deep.length).toBeGreaterThan(0)
    expect(deep[0].pair.prompt).toMatch(/^\n\nHuman: .+\n\nAssistant: .+\n\nHuman: .+\n\nAssistant: .+\n\nHuman: .+$/s)
  })

  test('inline: equal ranks, unranked, deleted and bad messages', async () => {
    const msg = (id: string, role: string, text: string, extra: object = {}, replies: unknown[] = []) => ({ message_id: id, role, text, ...extra, replies })
    const tree = msg('root', 'prompter', 'Hi?', {}, [
      msg('a1', 'assistant', 'Hello!', { rank: 0 }, [msg('p2', 'prompter', 'Joke?', {}, [msg('b1', 'assistant', 'No.', { rank: 1 }), msg('b2', 'assistant', 'Knock knock.', { rank: 0 })])]),
      msg('a2', 'assistant', 'Hey.', { rank: 1 }),
      msg('a3', 'assistant', 'Yo.', { rank: 1 }), // ties with a2: no pair between them
      msg('a4', 'assistant', 'Unranked.'),
      msg('a5', 'assistant', 'Gone.', { rank: 2, deleted: true }),
      msg('a6', 'robot', 'Beep.', { rank: 3 }),
    ])
    const lines = [{ message_tree_id: 'root', prompt: tree }, { message_tree_id: 'x' }].map((t) => JSON.stringify(t)).join('\n')
    const { pairs, errors } = await collectItems(parsers.OASST(Readable.from([lines])))
    const refs = pairs.map((p) => p.pair.sourceRef!.split(':').slice(1).join(':'))
    expect(refs.map((r) => r.split(':').slice(1).sort().join('>'))).toEqual(['a1>a2', 'a1>a3', 'b1>b2'])
    expect(refs.every((r, i) => r.startsWith(['root', 'root', 'p2'][i]))).toBe(true)
    expect(pairs[2].pair.prompt).toBe('\n\nHuman: Hi?\n\nAssistant: Hello!\n\nHuman: Joke?')
    expect(errors.map((e) => e.reason)).toEqual([
      `line 1: message a6: field 'role' must be "prompter" or "assistant", got "robot"`,
      "line 2: field 'prompt' (the tree's first message) is missing",
    ])
  })
})
