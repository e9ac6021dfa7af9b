// Anthropic HH-RLHF: JSON Lines of {chosen, rejected}, each a whole "\n\nHuman: …\n\nAssistant: …"
// transcript. Both share every turn but the last Assistant one; that shared part is the prompt and is
// kept in the transcript format (leading "\n\n" included) so the UI can render the turns.
import { InvalidRecord, checkText, optionalName, preferencePair, rawString, requireDistinct } from './fields.ts'
import { recordParser, type Converter } from './records.ts'
import type { ParseLimits } from './types.ts'

const LAST_TURN = '\n\nAssistant:'

const HH_RATER = { source: 'HUMAN', raterKey: 'ext:hh-rlhf', raterName: 'HH-RLHF crowdworker' } as const

function splitTranscript(transcript: string, key: string, limits: ParseLimits) {
  const at = transcript.lastIndexOf(LAST_TURN)
  if (at === -1) throw new InvalidRecord(`field '${key}' has no "Assistant:" turn`)
  const response = transcript.slice(at + LAST_TURN.length).trim()
  return { prompt: transcript.slice(0, at), response: checkText(response, `the last Assistant turn of '${key}'`, limits) }
}

export const convertHhRlhf = (limits: ParseLimits): Converter => (obj, line) => {
  const chosen = splitTranscript(rawString(obj, 'chosen'), 'chosen', limits)
  const rejected = splitTranscript(rawString(obj, 'rejected'), 'rejected', limits)
  if (chosen.prompt !== rejected.prompt) {
    throw new InvalidRecord(`'chosen' and 'rejected' differ before their last Assistant turn, so they do not share a prompt`)
  }
  requireDistinct(chosen.response, rejected.response, `the last Assistant turns of 'chosen' and 'rejected'`)
  const prompt = checkText(chosen.prompt, 'the prompt', limits)
  const pair = preferencePair({ prompt, chosen: chosen.response, rejected: rejected.response, sourceRef: `hh-rlhf:${line}`, subset: optionalName(obj, 'subset'), rater: HH_RATER })
  return { kind: 'pair', pair }
}

export const parseHhRlhf = recordParser(convertHhRlhf)
