// Configuration of one AI judge (RLAIF labeller, arXiv 2309.00267): which model, how the prompt is
// built, how it is sampled, how hard the endpoint may be hit and what it costs. Every default has
// its reason beside it. The API key is NOT part of this: it is stored server-side on its own and only
// referenced here, so a config can be shown, copied and logged without leaking a secret.
import { z } from 'zod'

const withoutCredentials = (u: string) => {
  try {
    const url = new URL(u)
    return !url.username && !url.password
  } catch {
    return true // not a URL at all: z.url() says so
  }
}

// Strict: a key pasted into the config by mistake is rejected instead of being stored with it.
const openaiProvider = z.strictObject({
  kind: z.literal('openai'),
  // Any OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp server, …), up to and including /v1.
  // No user:password@ part: a credential in the URL would be shown wherever the config is.
  baseUrl: z.url({ protocol: /^https?$/ }).refine(withoutCredentials, 'must not contain a user name or password'),
  model: z.string().min(1),
  // A server key an admin set up (server/judge/key-refs.ts: REWARDLAB_JUDGE_KEY_<NAME>, bound to one
  // origin), instead of a key stored with the judge; absent for a stored key or none (local vLLM).
  // Checked when saved and resolved by the worker, not here: older configs may hold any text.
  apiKeyRef: z.string().min(1).max(200).optional(),
})

const onnxProvider = z.object({
  kind: z.literal('onnx'),
  // Directory with the exported model and its tokenizer; runs in the worker, no network.
  modelDir: z.string().min(1),
})

export const judgeProviderSchema = z.discriminatedUnion('kind', [openaiProvider, onnxProvider])

const promptSchema = z.object({
  // The paper's best alignment came from the detailed preamble.
  preamble: z.enum(['base', 'detailed']).default('detailed'),
  // Paper: few-shot exemplars did not help alignment, so none by default.
  fewShot: z.number().int().min(0).max(8).default(0),
  // Paper: CoT helps a little on summaries but costs an extra generation per order; opt-in.
  chainOfThought: z.boolean().default(false),
  // Paper: averaging both orders removes most of the labeller's position bias.
  orderSwap: z.boolean().default(true),
  // 'rating' is d-RLAIF: each response rated 1–10 on its own instead of compared.
  mode: z.enum(['pairwise', 'rating']).default('pairwise'),
})

const samplingSchema = z.object({
  // Greedy, as the paper scores; it also makes labels reproducible.
  temperature: z.number().min(0).max(2).default(0),
  // Only the CoT rationale is generated at length; 256 tokens fits a paragraph of reasoning.
  maxTokens: z.number().int().min(1).max(4096).default(256),
  // 20 is OpenAI's maximum and enough to find both "1" and "2" among the first token's alternatives.
  topLogprobs: z.number().int().min(0).max(20).default(20),
})

const rateSchema = z.object({
  // A few requests in flight hide the endpoint's latency without tripping its rate limits.
  concurrency: z.number().int().min(1).max(256).default(4),
  // 600/min is below the lowest paid OpenAI tier for small models; raise it for local endpoints.
  requestsPerMinute: z.number().positive().default(600),
  // One minute covers a slow CoT generation on a loaded endpoint.
  timeoutMs: z.number().int().min(100).default(60_000),
  // With exponential backoff 5 retries ride out about half a minute of 429s / 5xx.
  maxRetries: z.number().int().min(0).max(20).default(5),
})

const priceSchema = z.object({
  // 0 = a free (local) endpoint; set from the provider's price list to see cost per label.
  pricePer1kPromptTokens: z.number().min(0).default(0),
  pricePer1kCompletionTokens: z.number().min(0).default(0),
})

const decisionSchema = z.object({
  // |pA − 0.5| ≤ tieBand is a TIE; 0 makes only an exact 0.5 a tie, as the paper binarises.
  tieBand: z.number().min(0).max(0.5).default(0),
})

export const judgeConfigSchema = z.object({
  provider: judgeProviderSchema,
  // prefault, not default: an omitted section is parsed as {} so its inner defaults still apply.
  prompt: promptSchema.prefault({}),
  sampling: samplingSchema.prefault({}),
  rate: rateSchema.prefault({}),
  price: priceSchema.prefault({}),
  decision: decisionSchema.prefault({}),
})

export type JudgeConfig = z.infer<typeof judgeConfigSchema>
export type JudgeConfigInput = z.input<typeof judgeConfigSchema>
export type JudgeProviderConfig = z.infer<typeof judgeProviderSchema>
