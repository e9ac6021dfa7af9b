// Generic preference pairs {prompt, chosen, rejected} (optional model_chosen, model_rejected, id, subset), the
// layout most RLHF datasets export. Also the converter behind the CSV prompt,chosen,rejected layout.
import { optionalName, preferencePair, requireDistinct, text } from './fields.ts'
import { recordParser, type Converter } from './records.ts'
import type { ParseLimits } from './types.ts'

export const DATASET_RATER = { source: 'HUMAN', raterKey: 'ext:dataset', raterName: 'Dataset label' } as const

export const convertPairs = (limits: ParseLimits): Converter => (obj) => {
  const prompt = text(obj, 'prompt', limits)
  const chosen = text(obj, 'chosen', limits)
  const rejected = text(obj, 'rejected', limits)
  requireDistinct(chosen, rejected, `'chosen' and 'rejected'`)
  const pair = preferencePair({
    prompt,
    chosen,
    rejected,
    modelChosen: optionalName(obj, 'model_chosen'),
    modelRejected: optionalName(obj, 'model_rejected'),
    sourceRef: optionalName(obj, 'id'),
    itemId: optionalName(obj, 'id'),
    subset: optionalName(obj, 'subset'),
    rater: DATASET_RATER,
  })
  return { kind: 'pair', pair }
}

export const parseJsonlPairs = recordParser(convertPairs)
