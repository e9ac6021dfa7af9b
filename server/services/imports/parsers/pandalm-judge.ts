// A judge's verdicts on the PandaLM test set: [{idx, <prefix>_result, <prefix>_reason, …}]. They become
// labels for pairs imported earlier from testset-v1.json, found by sourceRef 'pandalm:<idx>'.
// The prefix differs per judge file ('gpt_' for gpt-3.5-turbo, 'pandalm_' for PandaLM-7B).
import { InvalidFile, InvalidRecord, describe, optionalText, type Fields } from './fields.ts'
import { pandalmChoice, pandalmSourceRef } from './pandalm.ts'
import { recordParser, type Converter } from './records.ts'
import type { ParseLimits, ParseOptions } from './types.ts'

/** The judges of the files PandaLM publishes; any other prefix needs opts.judgeName. */
const KNOWN_JUDGES: Record<string, string> = { gpt: 'gpt-3.5-turbo', pandalm: 'pandalm-7b' }

function resultPrefix(obj: Fields): string {
  const prefixes = Object.keys(obj).filter((k) => k.endsWith('_result')).map((k) => k.slice(0, -'_result'.length))
  if (prefixes.length === 1) return prefixes[0]
  if (prefixes.length === 0) throw new InvalidRecord(`no '…_result' field with the judge's verdict`)
  throw new InvalidRecord(`several '…_result' fields (${prefixes.map((p) => `'${p}_result'`).join(', ')}); cannot tell which is the verdict`)
}

export const convertPandalmJudge = (limits: ParseLimits, opts: ParseOptions): Converter => {
  let prefix: string | undefined
  let judge = opts.judgeName?.trim() || undefined
  return (obj) => {
    // The first item decides the prefix for the whole file, so that a stray key cannot switch judges midway.
    if (prefix === undefined) {
      prefix = resultPrefix(obj)
      judge ??= KNOWN_JUDGES[prefix]
      if (!judge) throw new InvalidFile(`cannot tell which judge wrote this file (its verdicts are in '${prefix}_result'); give the judge's name`)
    }
    const sourceRef = pandalmSourceRef(obj)
    const key = `${prefix}_result`
    if (obj[key] === undefined) throw new InvalidRecord(`field '${key}' is missing`)
    const choice = pandalmChoice(obj[key])
    if (!choice) throw new InvalidRecord(`the judge's verdict ${describe(obj[key])} in field '${key}' is not 1, 2 or Tie`)
    // An empty reason (13 of gpt-3.5-turbo's valid verdicts) does not make the verdict itself invalid.
    const rationale = optionalText(obj, `${prefix}_reason`, limits)
    const label = { source: 'AI', choice, raterKey: `judge:${judge}`, raterName: judge, ...(rationale ? { rationale } : {}) } as const
    return { kind: 'labelRef', ref: { sourceRef, label } }
  }
}

export const parsePandalmJudge = recordParser(convertPandalmJudge)
