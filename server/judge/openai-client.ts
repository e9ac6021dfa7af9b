// JudgeProvider over an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp, …).
// Retries what is worth retrying (429, 5xx, network errors, timeouts, unreadable bodies) with
// exponential backoff and jitter, honours Retry-After, fails at once on other 4xx, shares one rate
// limiter across concurrent calls and stops immediately when the caller's signal aborts.
// The API key goes only into the Authorization header and is scrubbed from every error message.
// Every request first passes the endpoint guard (no private or loopback hosts unless an admin
// allowed them), redirects are never followed (a redirect could lead past the guard), and an error
// carries only the endpoint's short sanitised message, never its body (endpoint-message.ts).
import { createEndpointGuard, EndpointLookupError, EndpointRefusedError, type EndpointGuard } from './endpoint-guard.ts'
import { createPinnedFetch } from './pinned-fetch.ts'
import { endpointMessage, sanitizeText, unreadableBody } from './endpoint-message.ts'
import type { CompletionRequest, CompletionResult, JudgeProvider } from './provider.ts'
import { createRateLimiter, sleep as realSleep, type RateLimiter } from './rate-limiter.ts'
import { logSumExp } from './soft-label.ts'

export type OpenAIProviderOptions = {
  baseUrl: string
  model: string
  apiKey?: string
  timeoutMs: number
  maxRetries: number
  requestsPerMinute: number
  fetchImpl?: typeof fetch
  /** Share one limiter between providers hitting the same quota; default: one per provider. */
  limiter?: RateLimiter
  /** First backoff step; doubles per retry up to retryMaxMs. */
  retryBaseMs?: number
  retryMaxMs?: number
  random?: () => number
  /** Backoff sleep; tests inject one to read the retry schedule instead of timing it. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Default: the environment's allowed hosts (REWARDLAB_JUDGE_ALLOWED_HOSTS) and the system resolver. */
  guard?: EndpointGuard
}

/** Counters over the provider's lifetime; the job reports them. */
export type ProviderStats = {
  requests: number
  retries: number
  rateLimited: number
  serverErrors: number
  timeouts: number
  networkErrors: number
  badResponses: number
}

export type OpenAIProvider = JudgeProvider & { readonly stats: ProviderStats }

export class JudgeHttpError extends Error {
  constructor(message: string, public status: number | null, public retryable: boolean) {
    super(message)
    this.name = 'JudgeHttpError'
  }
}

type Failure = { error: JudgeHttpError; counter: Exclude<keyof ProviderStats, 'requests' | 'retries'> | null; retryAfterMs?: number }
type Attempt = { result: CompletionResult } | Failure

// A Retry-After longer than this is treated as this: a job should not sleep for an hour silently.
const MAX_RETRY_AFTER_MS = 120_000
const TIMED_OUT = Symbol('timed out')

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined
  const seconds = Number(header)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now()
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS)
}

type Wire = {
  choices?: { message?: { content?: string | null }; logprobs?: { content?: { top_logprobs?: { token?: unknown; logprob?: unknown }[] }[] | null } | null }[]
  usage?: { prompt_tokens?: number; completion_tokens?: number }
}

/** The first token's alternatives; a token text seen twice (different token ids) adds up. */
function firstTokenLogprobs(choice: NonNullable<Wire['choices']>[number]): Record<string, number> | null {
  const top = choice.logprobs?.content?.[0]?.top_logprobs
  if (!Array.isArray(top) || top.length === 0) return null
  const grouped = new Map<string, number[]>()
  for (const { token, logprob } of top) {
    if (typeof token !== 'string' || typeof logprob !== 'number') continue
    grouped.set(token, [...(grouped.get(token) ?? []), logprob])
  }
  return grouped.size ? Object.fromEntries([...grouped].map(([t, l]) => [t, logSumExp(l)])) : null
}

export function parseCompletion(body: string): CompletionResult | null {
  let json: Wire
  try {
    json = JSON.parse(body) as Wire
  } catch {
    return null
  }
  const choice = json?.choices?.[0]
  if (!choice || typeof choice !== 'object') return null
  return {
    text: typeof choice.message?.content === 'string' ? choice.message.content : '',
    firstTokenLogprobs: firstTokenLogprobs(choice),
    promptTokens: json.usage?.prompt_tokens ?? 0,
    completionTokens: json.usage?.completion_tokens ?? 0,
  }
}

/** What one HTTP attempt needs; built once per provider. */
type Endpoint = {
  url: string
  guard: EndpointGuard
  fetchImpl: typeof fetch
  headers: Record<string, string>
  timeoutMs: number
  stats: ProviderStats
  fail: (message: string, status: number | null, retryable: boolean) => JudgeHttpError
}

function classify(ep: Endpoint, status: number, body: string, retryAfter: string | null): Failure {
  const error = ep.fail(`HTTP ${status} ${endpointMessage(body)}`, status, status === 429 || status >= 500)
  if (status === 429) return { error, counter: 'rateLimited', retryAfterMs: retryAfterMs(retryAfter) }
  return { error, counter: status >= 500 ? 'serverErrors' : null }
}

/** The guard's verdict; a refusal is permanent, a failed lookup is retried like a network error. */
async function checkHost(ep: Endpoint, signal: AbortSignal): Promise<Failure | null> {
  try {
    // Raced with the signal: a resolver that hangs must not outlive the timeout or a cancel.
    await new Promise<void>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
      ep.guard(new URL(ep.url)).then(resolve, reject)
    })
    return null
  } catch (e) {
    if (e instanceof EndpointRefusedError) return { error: ep.fail(`refused: ${e.message}`, null, false), counter: null }
    if (e instanceof EndpointLookupError) return { error: ep.fail(`network error: ${e.message}`, null, true), counter: 'networkErrors' }
    throw e
  }
}

/**
 * The largest answer read from an endpoint: a completion with 20 top log-probs per token for 4096
 * tokens is about 3 MB; a hostile or broken endpoint must not fill the worker's memory.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024

class TooLarge extends Error {}

/** The body as text, refused (and the stream cancelled) once it passes MAX_RESPONSE_BYTES. */
async function readCapped(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length'))
  if (declared > MAX_RESPONSE_BYTES) {
    await res.body?.cancel().catch(() => undefined)
    throw new TooLarge()
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw new TooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** One POST with its own timeout; throws only when the caller's signal aborted. */
async function attempt(ep: Endpoint, body: string, signal?: AbortSignal): Promise<Attempt> {
  const ctl = new AbortController()
  const timer = setTimeout(() => ctl.abort(TIMED_OUT), ep.timeoutMs)
  const onAbort = () => ctl.abort(signal!.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const refused = await checkHost(ep, ctl.signal)
    if (refused) return refused
    ep.stats.requests++
    // The timer also covers reading the body: a stalled stream is a timeout too. A redirect is an
    // answer, not followed: its target has not passed the guard.
    const res = await ep.fetchImpl(ep.url, { method: 'POST', headers: ep.headers, body, signal: ctl.signal, redirect: 'manual' })
    const text = await readCapped(res)
    if (res.status >= 300 && res.status < 400) return { error: ep.fail(`HTTP ${res.status} redirect (not followed)`, res.status, false), counter: null }
    if (!res.ok) return classify(ep, res.status, text, res.headers.get('retry-after'))
    const result = parseCompletion(text)
    if (result) return { result }
    return { error: ep.fail(unreadableBody(text), res.status, true), counter: 'badResponses' }
  } catch (e) {
    if (signal?.aborted) throw signal.reason
    if (e instanceof EndpointRefusedError) return { error: ep.fail(`refused: ${e.message}`, null, false), counter: null }
    if (e instanceof TooLarge) return { error: ep.fail(`the answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB; not read`, null, false), counter: 'badResponses' }
    if (ctl.signal.reason === TIMED_OUT) return { error: ep.fail(`no answer within ${ep.timeoutMs} ms`, null, true), counter: 'timeouts' }
    return { error: ep.fail(`network error: ${networkReason(e)}`, null, true), counter: 'networkErrors' }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

/** fetch says only "fetch failed"; the cause's code (ECONNREFUSED, …) is what helps, and all that is shown. */
function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause
  const text = typeof cause?.code === 'string' ? cause.code : (e as Error).message
  return sanitizeText(String(text), 80)
}

export function createOpenAIProvider(opts: OpenAIProviderOptions): OpenAIProvider {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`
  const limiter = opts.limiter ?? createRateLimiter(opts.requestsPerMinute)
  const random = opts.random ?? Math.random
  const sleep = opts.sleep ?? realSleep
  const [baseMs, maxMs] = [opts.retryBaseMs ?? 500, opts.retryMaxMs ?? 30_000]
  const stats: ProviderStats = { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, timeouts: 0, networkErrors: 0, badResponses: 0 }
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`
  // Endpoints may echo the key back in their error text; it must never reach a job row or a log.
  const scrub = (s: string) => (opts.apiKey ? s.split(opts.apiKey).join('[redacted]') : s)
  const fail = (message: string, status: number | null, retryable: boolean) =>
    new JudgeHttpError(scrub(`judge endpoint ${url}: ${message}`), status, retryable)
  const ep: Endpoint = { url, guard: opts.guard ?? createEndpointGuard(), fetchImpl: opts.fetchImpl ?? createPinnedFetch(), headers, timeoutMs: opts.timeoutMs, stats, fail }

  async function complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult> {
    const body = JSON.stringify({
      model: opts.model,
      messages: req.messages,
      max_tokens: req.maxTokens,
      temperature: req.temperature,
      ...(req.topLogprobs > 0 ? { logprobs: true, top_logprobs: req.topLogprobs } : {}),
    })
    for (let i = 0; ; i++) {
      await limiter.acquire(signal)
      const out = await attempt(ep, body, signal)
      if ('result' in out) return out.result
      if (out.counter) stats[out.counter]++
      if (!out.error.retryable) throw out.error
      if (i >= opts.maxRetries) {
        throw new JudgeHttpError(`${out.error.message} (gave up after ${i + 1} attempts)`, out.error.status, false)
      }
      stats.retries++
      // Jitter spreads the retries of many concurrent calls so they do not hit the endpoint together.
      const backoff = Math.min(maxMs, baseMs * 2 ** i) * (0.5 + 0.5 * random())
      await sleep(out.retryAfterMs ?? backoff, signal)
    }
  }

  return { complete, stats }
}
