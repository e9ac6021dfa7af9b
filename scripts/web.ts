// The production web server: one Node HTTP listener with Next.js behind it. Calls to /api/trpc go
// straight to the tRPC router (its Node adapter); everything else (pages, Auth.js, uploads) goes
// to Next.js's request handler. Why: under the labelling load test a tRPC call through Next.js's
// route runtime cost ~6 ms of server CPU against ~1 ms for the same call here (docs/benchmarks.md),
// and labelling is the platform's hot path. Same router, same session cookie, same checks.
// This listener also resolves the client's address once (socket, or X-Forwarded-For behind
// REWARDLAB_TRUST_PROXY) for sign-in throttling, and puts the security headers on what it answers
// (Next.js's responses get theirs from proxy.ts).
//   node --import tsx scripts/web.ts [--port 3000] [--host 0.0.0.0]      (npm start runs this)
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import next from 'next'
import { createHTTPHandler } from '@trpc/server/adapters/standalone'
import { appRouter } from '../server/api/root.ts'
import { apiResponseMeta, createContext, onApiError } from '../server/api/trpc.ts'
import { cookieGetter, sessionFromCookies } from '../server/auth/session-token.ts'
import { resolveClientAddress } from '../server/lib/client-address.ts'
import { API_SECURITY_HEADERS } from '../server/lib/security-headers.ts'

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const port = Number(arg('port', process.env.PORT ?? '3000'))
const host = arg('host', '0.0.0.0')
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// Labels carry at most a 5,000-character rationale; nothing else sent to the API is larger.
const MAX_API_BODY = 2 * 1024 * 1024

const api = createHTTPHandler({
  router: appRouter,
  basePath: '/api/trpc/',
  maxBodySize: MAX_API_BODY,
  createContext: async ({ req }) => createContext(await sessionFromCookies(cookieGetter(req.headers.cookie)), clientAddress(req)),
  responseMeta: apiResponseMeta,
  onError: onApiError,
})

const clientAddress = (req: http.IncomingMessage) => resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'])

const app = next({ dev: false, dir: root, hostname: host, port })
await app.prepare()
const pages = app.getRequestHandler()

const server = http.createServer((req, res) => {
  if (req.url?.startsWith('/api/trpc/')) {
    for (const [k, v] of Object.entries(API_SECURITY_HEADERS)) res.setHeader(k, v)
    return void api(req, res)
  }
  // Next.js reads the address from here; whatever the client itself put there is replaced.
  req.headers['x-forwarded-for'] = clientAddress(req)
  pages(req, res).catch((e) => {
    console.error('request failed:', e)
    if (!res.headersSent) res.writeHead(500, API_SECURITY_HEADERS).end('Internal Server Error')
  })
})
server.keepAliveTimeout = 65_000 // longer than common proxies' idle timeout, so they never reuse a closed socket
server.listen(port, host, () => console.log(`web server listening on http://${host}:${port}`))

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => server.close(() => process.exit(0)))
}
