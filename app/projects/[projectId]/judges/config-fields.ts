// The judge configuration as the form edits it: every setting with its default and the reason for
// that default, copied from server/judge/config.ts (the server's schema stays the authority: it
// fills what is left out and rejects what is out of range), and the conversions between the form's
// draft and the config the API takes.
import type { JudgeConfig } from './types.ts'

export type NumberField = {
  /** section.key in the config */
  key: string
  label: string
  default: number
  min: number
  max?: number
  step: number | 'any'
  help: string
}

/** The numeric settings, grouped as the form shows them. */
export const NUMBER_GROUPS: { title: string; note?: string; fields: NumberField[] }[] = [
  {
    title: 'Sampling',
    fields: [
      { key: 'sampling.temperature', label: 'Temperature', default: 0, min: 0, max: 2, step: 'any', help: 'greedy, as the paper scores; it also makes labels reproducible' },
      { key: 'sampling.maxTokens', label: 'Max tokens', default: 256, min: 1, max: 4096, step: 1, help: 'only the CoT rationale is generated at length; 256 fits a paragraph of reasoning' },
      { key: 'sampling.topLogprobs', label: 'Top logprobs', default: 20, min: 0, max: 20, step: 1, help: 'OpenAI’s maximum, enough to find both “1” and “2” among the first token’s alternatives' },
    ],
  },
  {
    title: 'Rate and retries',
    fields: [
      { key: 'rate.concurrency', label: 'Concurrency', default: 4, min: 1, max: 256, step: 1, help: 'a few requests in flight hide the endpoint’s latency without tripping its rate limits' },
      { key: 'rate.requestsPerMinute', label: 'Requests per minute', default: 600, min: 0.01, step: 'any', help: 'below the lowest paid OpenAI tier for small models; raise it for local endpoints' },
      { key: 'rate.timeoutMs', label: 'Timeout (ms)', default: 60_000, min: 100, step: 1, help: 'one minute covers a slow CoT generation on a loaded endpoint' },
      { key: 'rate.maxRetries', label: 'Max retries', default: 5, min: 0, max: 20, step: 1, help: 'with exponential backoff, 5 retries ride out about half a minute of 429s / 5xx' },
    ],
  },
  {
    title: 'Price and decision',
    fields: [
      { key: 'price.pricePer1kPromptTokens', label: 'USD per 1k prompt tokens', default: 0, min: 0, step: 'any', help: '0 = a free (local) endpoint; set from the provider’s price list to see cost per label' },
      { key: 'price.pricePer1kCompletionTokens', label: 'USD per 1k completion tokens', default: 0, min: 0, step: 'any', help: 'as above, for generated tokens' },
      { key: 'decision.tieBand', label: 'Tie band', default: 0, min: 0, max: 0.5, step: 'any', help: '|P(A) − 0.5| ≤ band is a tie; 0 makes only an exact 0.5 a tie, as the paper binarises' },
    ],
  },
]

export const FEW_SHOT: NumberField = { key: 'prompt.fewShot', label: 'Few-shot exemplars', default: 0, min: 0, max: 8, step: 1, help: 'the paper found exemplars did not help alignment, so none by default' }

/** Reasons for the prompt choices (not numbers), shown beside them. */
export const PROMPT_HELP = {
  preamble: 'default detailed: the paper’s best alignment came from the detailed preamble',
  chainOfThought: 'default off: helps a little on summaries but costs an extra generation per order',
  orderSwap: 'default on: averaging both orders removes most of the labeller’s position bias',
  mode: 'default pairwise; rating is d-RLAIF: each response rated 1–10 on its own instead of compared',
} as const

export type Draft = {
  kind: 'openai' | 'onnx'
  baseUrl: string
  model: string
  modelDir: string
  /** The server key the judge uses (server/judge/key-refs.ts), by name; none = a stored key or no key. */
  apiKeyRef?: string
  preamble: 'base' | 'detailed'
  mode: 'pairwise' | 'rating'
  chainOfThought: boolean
  orderSwap: boolean
  /** Numbers as typed (key → text), so a half-typed "0." is not rewritten under the cursor. */
  numbers: Record<string, string>
}

const ALL_NUMBERS = [FEW_SHOT, ...NUMBER_GROUPS.flatMap((g) => g.fields)]

export function defaultDraft(): Draft {
  return {
    kind: 'openai', baseUrl: 'https://api.openai.com/v1', model: '', modelDir: '',
    preamble: 'detailed', mode: 'pairwise', chainOfThought: false, orderSwap: true,
    numbers: Object.fromEntries(ALL_NUMBERS.map((f) => [f.key, String(f.default)])),
  }
}

const read = (config: JudgeConfig, key: string) => {
  const [section, name] = key.split('.')
  return (config as unknown as Record<string, Record<string, unknown>>)[section]?.[name]
}

export function draftFromConfig(c: JudgeConfig): Draft {
  const p = c.provider
  return {
    kind: p.kind,
    baseUrl: p.kind === 'openai' ? p.baseUrl : '',
    model: p.kind === 'openai' ? p.model : '',
    modelDir: p.kind === 'onnx' ? p.modelDir : '',
    apiKeyRef: p.kind === 'openai' ? p.apiKeyRef : undefined,
    preamble: c.prompt.preamble, mode: c.prompt.mode, chainOfThought: c.prompt.chainOfThought, orderSwap: c.prompt.orderSwap,
    numbers: Object.fromEntries(ALL_NUMBERS.map((f) => [f.key, String(read(c, f.key) ?? f.default)])),
  }
}

/** The config the API takes; an emptied number falls back to its default. */
export function configFromDraft(d: Draft) {
  const sections: Record<string, Record<string, unknown>> = {
    prompt: { preamble: d.preamble, mode: d.mode, chainOfThought: d.chainOfThought, orderSwap: d.orderSwap },
    sampling: {}, rate: {}, price: {}, decision: {},
  }
  for (const f of ALL_NUMBERS) {
    const [section, name] = f.key.split('.')
    const raw = (d.numbers[f.key] ?? '').trim()
    sections[section][name] = raw === '' ? f.default : Number(raw)
  }
  const provider = d.kind === 'onnx'
    ? { kind: 'onnx' as const, modelDir: d.modelDir.trim() }
    : { kind: 'openai' as const, baseUrl: d.baseUrl.trim(), model: d.model.trim(), ...(d.apiKeyRef ? { apiKeyRef: d.apiKeyRef } : {}) }
  return { provider, ...sections }
}

/** The server a stored key belongs to (kind and origin, as server/services/judges/judge-endpoint.ts). */
export function keyEndpointOf(d: Pick<Draft, 'kind' | 'baseUrl'>): string {
  if (d.kind === 'onnx') return 'onnx'
  try {
    return new URL(d.baseUrl.trim()).origin
  } catch {
    return d.baseUrl.trim()
  }
}
