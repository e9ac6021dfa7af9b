// The judges pages' data, typed from the API's output so no page imports a service, plus the few
// formats they share.
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'

type Out = inferRouterOutputs<AppRouter>['judges']
export type JudgeList = Out['list']
export type JudgeRow = JudgeList['judges'][number]
export type AiRater = JudgeList['raters'][number]
export type JudgeDetail = Out['get']
export type JudgeRun = JudgeDetail['runs'][number]
export type JudgeConfig = JudgeDetail['config']
export type Dashboard = Out['dashboard']

export const judgesPath = (projectId: string) => `/projects/${projectId}/judges`
export const dashboardPath = (projectId: string, raterKey: string) => `${judgesPath(projectId)}/dashboard?rater=${encodeURIComponent(raterKey)}`

/** "gpt-4o-mini at api.openai.com" or "ONNX /models/qwen": what the judge talks to, in a line. */
export function providerText(p: JudgeConfig['provider']): string {
  if (p.kind === 'onnx') return `local ONNX · ${p.modelDir}`
  let host = p.baseUrl
  try { host = new URL(p.baseUrl).host } catch { /* shown as typed */ }
  return `${p.model} · ${host}`
}

export function modeText(c: JudgeConfig): string {
  const mode = c.prompt.mode === 'rating' ? 'rating (d-RLAIF)' : 'pairwise'
  const extras = [c.prompt.orderSwap && 'order swap', c.prompt.chainOfThought && 'CoT', c.prompt.fewShot > 0 && `${c.prompt.fewShot}-shot`].filter(Boolean)
  return extras.length ? `${mode} · ${extras.join(' · ')}` : mode
}

export const SCOPE_TEXT = { ALL: 'all pairs', UNLABELLED_BY_AI: 'pairs without AI labels', SAMPLE: 'random sample', PAIRS: 'pairs from the data explorer' } as const
export const scopeText = (r: JudgeRun) => (r.scope === 'SAMPLE' ? `random sample of ${r.sampleSize?.toLocaleString() ?? '?'}` : SCOPE_TEXT[r.scope])

/** $0.0123 for small sums, $12.34 for larger ones; "–" when nothing was priced. */
export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–'
  if (v === 0) return '$0'
  return Math.abs(v) < 1 ? `$${v.toPrecision(3)}` : `$${v.toFixed(2)}`
}
