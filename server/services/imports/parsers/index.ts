// Entry point of the import parsers: one streaming Parser per ImportFormat, a format guesser for the
// upload form, and the descriptions the UI and README show. The caller opens and decompresses the
// file (.gz included) and writes the items; see types.ts for the item contract.
import { parseAlpacaEval } from './alpaca-eval.ts'
import { CSV_EXPECTED_HEADERS, parseCsv } from './csv.ts'
import { parseHhRlhf } from './hh-rlhf.ts'
import { parseJsonlLabelled } from './jsonl-labelled.ts'
import { parseJsonlPairs } from './jsonl-pairs.ts'
import { parseOasst } from './oasst.ts'
import { parsePandalm } from './pandalm.ts'
import { parsePandalmJudge } from './pandalm-judge.ts'
import type { ImportFormat, ParseItem, Parser } from './types.ts'

export * from './types.ts'
export { sniffFormat } from './sniff.ts'

export const parsers: Record<ImportFormat, Parser> = {
  HH_RLHF: parseHhRlhf,
  PANDALM: parsePandalm,
  PANDALM_JUDGE: parsePandalmJudge,
  ALPACA_EVAL: parseAlpacaEval,
  OASST: parseOasst,
  JSONL_PAIRS: parseJsonlPairs,
  JSONL_LABELLED: parseJsonlLabelled,
  CSV: parseCsv,
}

const JSON_EXTENSIONS = ['.jsonl', '.json']

export const FORMAT_INFO: Record<ImportFormat, { label: string; description: string; extensions: string[] }> = {
  HH_RLHF: {
    label: 'Anthropic HH-RLHF',
    description: 'One {chosen, rejected} pair of "Human: … Assistant: …" transcripts per line; the prompt is everything before the last Assistant turn. The original preference becomes a human label.',
    extensions: JSON_EXTENSIONS,
  },
  PANDALM: {
    label: 'PandaLM test set',
    description: 'PandaLM testset-v1.json: instruction, input, response1, response2 and three human annotators (0 = tie, 1, 2).',
    extensions: JSON_EXTENSIONS,
  },
  PANDALM_JUDGE: {
    label: 'PandaLM judge verdicts',
    description: "A judge's verdicts on the PandaLM test set ({idx, <judge>_result, <judge>_reason}); they become AI labels on the pairs of an earlier PandaLM import. Give the judge's name unless it is gpt-3.5-turbo or pandalm-7b.",
    extensions: JSON_EXTENSIONS,
  },
  ALPACA_EVAL: {
    label: 'AlpacaEval annotations',
    description: 'AlpacaEval annotations.json: instruction, output_1/generator_1, output_2/generator_2 and the judge\'s preference (1, 2; 0 = none) as an AI label.',
    extensions: JSON_EXTENSIONS,
  },
  OASST: {
    label: 'OpenAssistant message trees',
    description: 'One OASST message tree per line; every two ranked assistant replies to the same message become a pair, the better rank preferred.',
    extensions: JSON_EXTENSIONS,
  },
  JSONL_PAIRS: {
    label: 'JSON Lines: prompt, chosen, rejected',
    description: 'One {prompt, chosen, rejected} object per line (optional model_chosen, model_rejected, id, and subset for benchmark sets); the preference becomes a label. RewardBench files are in this format.',
    extensions: JSON_EXTENSIONS,
  },
  JSONL_LABELLED: {
    label: 'JSON Lines: prompt, response_a, response_b, label',
    description: 'One {prompt, response_a, response_b} object per line with an optional label (A, B, tie or 1, 2, 0), annotator, source (human/ai), probability, rationale, model_a, model_b, id. Lines without a label become unlabelled pairs.',
    extensions: JSON_EXTENSIONS,
  },
  CSV: {
    label: 'CSV',
    description: `A CSV file with a header row: ${CSV_EXPECTED_HEADERS}. Quoted fields may contain commas, quotes and line breaks.`,
    extensions: ['.csv'],
  },
}

/** Collects a whole parse, e.g. for a preview of the first items or in tests; `max` stops early. */
export async function collectItems(items: AsyncIterable<ParseItem>, max = Infinity) {
  const out = {
    pairs: [] as Extract<ParseItem, { kind: 'pair' }>[],
    labelRefs: [] as Extract<ParseItem, { kind: 'labelRef' }>[],
    errors: [] as Extract<ParseItem, { kind: 'error' }>[],
    warnings: [] as Extract<ParseItem, { kind: 'warning' }>[],
  }
  let seen = 0
  for await (const item of items) {
    if (item.kind === 'pair') out.pairs.push(item)
    else if (item.kind === 'labelRef') out.labelRefs.push(item)
    else if (item.kind === 'warning') out.warnings.push(item)
    else out.errors.push(item)
    if (++seen >= max) break
  }
  return out
}
