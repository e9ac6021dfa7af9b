// Minimal HTTP client for benchmarks: Auth.js credentials sign-in and tRPC calls (superjson wire
// format, unbatched), with a cookie jar per simulated user. tRPC calls go through node:http with a
// keep-alive agent rather than fetch: the load generator shares the machine's two cores with the
// server, and fetch cost it about twice the CPU per call (measured: ~1.2 ms vs ~0.5 ms).
import http from 'node:http'

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

function call(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
export class BenchUser {
  private cookies = new Map<string, string>()
  constructor(private base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1))
    }
  }

  async signIn(email: string, password: string) {
    const csrfRes = await fetch(`${this.base}/api/auth/csrf`, { headers: { cookie: this.cookieHeader() } })
    this.keep(csrfRes)
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
    const res = await fetch(`${this.base}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${this.base}/projects` }),
    })
    this.keep(res)
    if (![...this.cookies.keys()].some((k) => k.endsWith('session-token'))) throw new Error(`sign-in failed for ${email} (HTTP ${res.status})`)
  }

  async query<T>(path: string, input: unknown): Promise<T> {
    const url = `${this.base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
    return this.unwrap<T>(await call(url, 'GET', { cookie: this.cookieHeader() }))
  }

  async mutate<T>(path: string, input: unknown): Promise<T> {
    const body = JSON.stringify({ json: input })
    return this.unwrap<T>(await call(`${this.base}/api/trpc/${path}`, 'POST', { 'content-type': 'application/json', cookie: this.cookieHeader() }, body))
  }

  private unwrap<T>(res: { status: number; text: string }): T {
    const body = JSON.parse(res.text) as { result?: { data: { json: T } }; error?: { json: { message: string; data?: { code?: string } } } }
    if (body.error) throw Object.assign(new Error(body.error.json.message), { code: body.error.json.data?.code, status: res.status })
    return body.result!.data.json
  }
}

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
