// Which of a project's prompts train and which are held out, by prompt (never by pair: the same
// question never sits on both sides), seeded so every run of the project agrees.
import { unitHash } from '../../lib/pair-scope.ts'
import type { PromptSplit } from './policy-config.ts'

export const splitOf = (promptId: string, s: Pick<PromptSplit, 'seed' | 'evalShare'>): 'train' | 'eval' => (unitHash(promptId, 'prompt-split', s.seed) < s.evalShare ? 'eval' : 'train')
