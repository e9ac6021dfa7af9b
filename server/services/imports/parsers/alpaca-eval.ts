// AlpacaEval annotations: a JSON array of {instruction, output_1, generator_1, output_2, generator_2,
// annotator, preference}. preference 1 or 2 names the better output; newer AlpacaEval versions give a
// number between them (1.3 = probably output_1), kept as a probability. 0 or null means the judge gave
// no usable verdict: the pair is still fine, so it is imported without a label and is not an error.
// (In the real file every 0 sits on a pair with identical outputs, refused as such anyway.)
import { InvalidRecord, definedOnly, describe, optionalName, requireDistinct, text } from './fields.ts'
import { recordParser, type Converter } from './records.ts'
import type { ParsedLabel, ParseLimits, ParseOptions } from './types.ts'

const DEFAULT_JUDGE = 'alpaca_eval_gpt4'

function preferenceLabel(value: unknown, judge: string): ParsedLabel | undefined {
  if (value === undefined || value === null || value === 0) return undefined
  if (typeof value !== 'number' || !(value >= 1 && value <= 2)) {
    throw new InvalidRecord(`field 'preference' must be 1, 2, a number between them, or 0 for none, got ${describe(value)}`)
  }
  const choice = value < 1.5 ? 'A' : value > 1.5 ? 'B' : 'TIE'
  const soft = Number.isInteger(value) ? {} : { probability: 2 - value }
  return { source: 'AI', choice, raterKey: `judge:${judge}`, raterName: judge, ...soft }
}

export const convertAlpacaEval = (limits: ParseLimits, opts: ParseOptions): Converter => (obj) => {
  const prompt = text(obj, 'instruction', limits)
  const responseA = text(obj, 'output_1', limits)
  const responseB = text(obj, 'output_2', limits)
  requireDistinct(responseA, responseB, `'output_1' and 'output_2'`)
  const judge = opts.judgeName?.trim() || optionalName(obj, 'annotator') || DEFAULT_JUDGE
  const label = preferenceLabel(obj.preference, judge)
  const models = definedOnly({ modelA: optionalName(obj, 'generator_1'), modelB: optionalName(obj, 'generator_2') })
  return { kind: 'pair', pair: { prompt, responseA, responseB, ...models, labels: label ? [label] : [] } }
}

export const parseAlpacaEval = recordParser(convertAlpacaEval)
