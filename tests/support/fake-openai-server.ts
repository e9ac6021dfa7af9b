// A real local HTTP server speaking the OpenAI chat-completions API, for tests, e2e runs and the
// judge benchmark. Its deterministic "model" prefers the longer response (P = confidence, shifted
// by an optional position bias), writes a short rationale, rates one response by its length, calls a
// response harmful when its trimmed length is even (an arbitrary rule a test can recompute), and
// can be told to fail the next requests (429, 500, never answer, unreadable body).
//   npx tsx tests/support/fake-openai-server.ts --port 8788 [--latency 50] [--no-logprobs] [--api-key k]
// Under npx the server is a grandchild that a SIGTERM to npx does not reach: to stop it by signal,
// start it as one process (`node --import tsx tests/support/fake-openai-server.ts …`) or kill the group.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

export type FailKind = 429 | 500 | 'timeout' | 'garbage'
export type FakeOpenAIOptions = {
  latencyMs?: number
  /** false: never return a logprobs field, like endpoints without log-probabilities */
  logprobs?: boolean
  /** when set, requests must carry `Authorization: Bearer <apiKey>` (else 401) */
  apiKey?: string
  /** P(the longer response is preferred); default 0.8 */
  confidence?: number
  /** added to the logit of "1": > 0 favours the first position; default 0 */
  positionBias?: number
  /** 'sentence' answers "Response 2 is better." so the first token is not the digit */
  answerStyle?: 'digit' | 'sentence'
  /** Retry-After seconds on 429; default 0 */
  retryAfter?: number
  host?: string
  port?: number
}
type Message = { role: string; content: string }
export type ChatBody = { model?: string; messages: Message[]; max_tokens?: number; temperature?: number; logprobs?: boolean; top_logprobs?: number }
export type FakeOpenAI = {
  /** base URL ending in /v1 */
  url: string
  requests: ChatBody[]
  /** The Authorization header of every chat request that reached the server (refused ones too). */
  authorizations: (string | undefined)[]
  /** Resolves once n chat requests have been accepted: a test can act at a point of the run, not at a time. */
  whenRequests(n: number): Promise<void>
  /** chat requests answered, and the time spent handling them (latency included), server-side */
  served: { count: number; busyMs: number }
  failNext(n: number, kind: FailKind): void
  setLatency(ms: number): void
  close(): Promise<void>
}
type Answer = { text: string; alternatives: [string, number][] }

const SAMPLE_ENDS = ['\n\nPreferred Response=', '\n\nConsider the coherence']

/** The sample's two responses: the LAST "Response 1:" section (few-shot examples come before it). */
function responses(prompt: string): [string, string] {
  const i1 = prompt.lastIndexOf('Response 1:\n')
  const i2 = prompt.indexOf('Response 2:\n', i1)
  const rest = prompt.slice(i2 + 12)
  const end = Math.min(...SAMPLE_ENDS.map((e) => rest.indexOf(e)).filter((i) => i >= 0), rest.length)
  return [prompt.slice(i1 + 12, i2).trim(), rest.slice(0, end).trim()]
}

function pairwise(prompt: string, o: Required<Pick<FakeOpenAIOptions, 'confidence' | 'positionBias' | 'answerStyle'>>): Answer {
  const [r1, r2] = responses(prompt)
  const base = r1.length > r2.length ? o.confidence : r1.length < r2.length ? 1 - o.confidence : 0.5
  const p1 = 1 / (1 + Math.exp(-(Math.log(base / (1 - base)) + o.positionBias)))
  const digit = p1 >= 0.5 ? '1' : '2'
  if (o.answerStyle === 'sentence') return { text: `Response ${digit} is better.`, alternatives: [['Response', Math.log(0.95)], ['The', Math.log(0.05)]] }
  // 3 % of the mass elsewhere, and each digit split over two spellings, as real tokenisers do.
  const m = 0.97
  return {
    text: digit,
    alternatives: [
      ['1', Math.log(0.9 * m * p1)], [' 1', Math.log(0.1 * m * p1)],
      ['2', Math.log(0.9 * m * (1 - p1))], [' 2', Math.log(0.1 * m * (1 - p1))],
      ['Response', Math.log(1 - m)],
    ],
  }
}

/** Rating centred on 1 + length / 10 (capped at 10): 0.6 there, 0.2 on each neighbour inside 1..10. */
function rating(prompt: string): Answer {
  const i = prompt.lastIndexOf('Response:\n')
  const rest = prompt.slice(i + 10)
  const end = rest.indexOf('\n\nRate the response')
  const response = (end >= 0 ? rest.slice(0, end) : rest).trim()
  const c = Math.min(10, 1 + Math.floor(response.length / 10))
  const dist = new Map<number, number>([[c, 0.6]])
  for (const n of [c - 1, c + 1]) {
    if (n >= 1 && n <= 10) dist.set(n, 0.2)
    else dist.set(c, dist.get(c)! + 0.2)
  }
  return { text: String(c), alternatives: [...dist].map(([n, p]) => [String(n), Math.log(p)]) }
}

/** Harm question: "Yes" (P 0.9) when the response's trimmed length is even, else "No" (P 0.9). */
function harm(prompt: string): Answer {
  const i = prompt.lastIndexOf('Response:\n')
  const rest = prompt.slice(i + 10)
  const end = rest.indexOf('\n\nIs the response harmful?')
  const harmful = (end >= 0 ? rest.slice(0, end) : rest).trim().length % 2 === 0
  return { text: harmful ? 'Yes' : 'No', alternatives: harmful ? [['Yes', Math.log(0.9)], ['No', Math.log(0.1)]] : [['No', Math.log(0.9)], ['Yes', Math.log(0.1)]] }
}

function answer(body: ChatBody, o: Required<Pick<FakeOpenAIOptions, 'confidence' | 'positionBias' | 'answerStyle'>>): Answer {
  const prompt = [...body.messages].reverse().find((m) => m.role === 'user')?.content.trimEnd() ?? ''
  if (prompt.endsWith('Preferred Response=')) return pairwise(prompt, o)
  if (prompt.endsWith('Rating=')) return rating(prompt)
  if (prompt.endsWith('Harmful=')) return harm(prompt)
  if (prompt.endsWith('Rationale:')) {
    const [r1, r2] = responses(prompt)
    const n = r1.length >= r2.length ? 1 : 2
    return { text: `Response ${n} covers more of the request and is more complete, so it is better.`, alternatives: [['Response', Math.log(0.9)]] }
  }
  return { text: 'I am a fake model.', alternatives: [['I', 0]] }
}

/** "Tokens" are words with their leading space; max_tokens cuts there. */
function truncate(text: string, maxTokens: number): string[] {
  return (text.match(/\s*\S+/g) ?? []).slice(0, Math.max(1, maxTokens))
}

function completion(body: ChatBody, a: Answer, withLogprobs: boolean) {
  const tokens = truncate(a.text, body.max_tokens ?? 16)
  const top = a.alternatives.slice(0, body.top_logprobs ?? 0).map(([token, logprob]) => ({ token, logprob }))
  const chosen = a.alternatives.find(([t]) => t === tokens[0])?.[1] ?? a.alternatives[0][1]
  const logprobs = withLogprobs && body.logprobs ? { content: [{ token: tokens[0], logprob: chosen, top_logprobs: top }] } : null
  const promptChars = body.messages.reduce((s, m) => s + m.content.length, 0)
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    model: body.model ?? 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content: tokens.join('') }, finish_reason: 'stop', ...(logprobs ? { logprobs } : {}) }],
    usage: { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: tokens.length, total_tokens: Math.ceil(promptChars / 4) + tokens.length },
  }
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  // Kept inside (0, 1): a log-probability of −Infinity would not survive JSON.
  const model = { confidence: Math.min(0.999, Math.max(0.001, opts.confidence ?? 0.8)), positionBias: opts.positionBias ?? 0, answerStyle: opts.answerStyle ?? 'digit' } as const
  let latencyMs = opts.latencyMs ?? 0
  const failures: FailKind[] = []
  const requests: ChatBody[] = []
  const authorizations: (string | undefined)[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  const served = { count: 0, busyMs: 0 }

  const server = http.createServer(async (req, res) => {
    const t0 = performance.now()
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const ms = performance.now() - t0
      res.writeHead(status, { 'content-type': 'application/json', 'x-fake-server-ms': ms.toFixed(3), ...headers })
      res.end(typeof body === 'string' ? body : JSON.stringify(body))
    }
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    if (req.method === 'GET' && req.url === '/v1/models') return send(200, { object: 'list', data: [{ id: 'fake-judge', object: 'model' }] })
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, { error: { message: `no route ${req.method} ${req.url}` } })
    authorizations.push(req.headers.authorization)
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      // Echoes the key it got, so tests can check the client scrubs keys from error messages.
      const got = (req.headers.authorization ?? '').replace(/^Bearer /, '')
      return send(401, { error: { message: `Incorrect API key provided: ${got}.`, type: 'invalid_request_error' } })
    }
    let body: ChatBody
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody
      if (!Array.isArray(body.messages)) throw new Error('messages must be an array')
    } catch (e) {
      return send(400, { error: { message: `invalid body: ${(e as Error).message}` } })
    }
    requests.push(body)
    for (const w of waiters.filter((w) => requests.length >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve()
    }
    const fail = failures.shift()
    if (fail === 'timeout') return // never answers; close() drops the connection
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
    if (fail === 429) return send(429, { error: { message: 'Rate limit reached (fake)' } }, { 'retry-after': String(opts.retryAfter ?? 0) })
    if (fail === 500) return send(500, { error: { message: 'The server had an error (fake)' } })
    if (fail === 'garbage') return send(200, '<html>502 upstream hiccup</html>', { 'content-type': 'text/html' })
    const out = completion(body, answer(body, model), opts.logprobs !== false)
    served.count++
    served.busyMs += performance.now() - t0
    send(200, out)
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/v1`,
    requests,
    authorizations,
    whenRequests: (n) => (requests.length >= n ? Promise.resolve() : new Promise<void>((resolve) => void waiters.push({ n, resolve }))),
    served,
    failNext: (n, kind) => failures.push(...Array<FailKind>(n).fill(kind)),
    setLatency: (ms) => void (latencyMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (k: string) => {
    const i = process.argv.indexOf(`--${k}`)
    return i > 0 ? process.argv[i + 1] : undefined
  }
  const fake = await startFakeOpenAI({
    port: Number(arg('port') ?? 8788),
    host: arg('host'),
    latencyMs: Number(arg('latency') ?? 0),
    logprobs: !process.argv.includes('--no-logprobs'),
    apiKey: arg('api-key'),
    positionBias: Number(arg('position-bias') ?? 0),
  })
  console.log(fake.url)
  const stop = () => void fake.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
