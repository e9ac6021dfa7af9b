// The dashboard's data, typed from the API's output so the page never imports a service.
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'

export type Agreement = inferRouterOutputs<AppRouter>['agreement']['project']
export type RaterRow = Agreement['raters'][number]
export type JudgeRow = Agreement['judges'][number]
export type Source = Agreement['source']

export const SOURCE_LABELS: Record<Source, string> = { HUMAN: 'Human annotators', AI: 'AI judges', SELF: 'Self-labelled' }
/** The raters of a source, mid-sentence. */
export const SOURCE_RATERS: Record<Source, string> = { HUMAN: 'human annotators', AI: 'AI judges', SELF: 'self-labelling raters' }
export const CHOICE_KEYS = [
  { key: 'A', label: 'A (first response)' },
  { key: 'B', label: 'B (second response)' },
  { key: 'TIE', label: 'Tie' },
] as const
