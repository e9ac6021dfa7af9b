// The judge client's HTTP transport: a small fetch over node:http/https whose DNS lookup checks every
// address before the socket connects to it, with the endpoint guard's rule (endpoint-guard.ts). The
// guard alone checks a name once, and fetch would resolve it again: an answer that changes in between
// (DNS rebinding) could point a judge at an internal address. Here the address checked is the address
// connected to. Keep-alive agents, so a run at concurrency 32 reuses its connections; redirects are
// never followed (an http.request never does).
import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { Readable } from 'node:stream'
import { createAddressCheck, EndpointRefusedError, type LookupAll } from './endpoint-guard.ts'

type Options = { check?: (url: URL, address: string) => string | null; lookup?: LookupAll }

const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true })

function pinnedLookup(url: URL, check: NonNullable<Options['check']>, lookupAll: LookupAll): LookupFunction {
  return (hostname, options, callback) => {
    lookupAll(hostname).then((found) => {
      const addresses = options.family ? found.filter((a) => a.family === options.family) : found
      if (!addresses.length) throw Object.assign(new Error(`cannot resolve ${hostname}`), { code: 'ENOTFOUND' })
      for (const a of addresses) {
        const reason = check(url, a.address)
        if (reason) throw new EndpointRefusedError(reason)
      }
      if (options.all) callback(null, addresses)
      else callback(null, addresses[0].address, addresses[0].family)
    }).catch((e: NodeJS.ErrnoException) => callback(e, '', 0))
  }
}

function headersOf(res: http.IncomingMessage): Headers {
  const h = new Headers()
  for (const [k, v] of Object.entries(res.headers)) {
    if (Array.isArray(v)) for (const x of v) h.append(k, x)
    else if (v !== undefined) h.set(k, v)
  }
  return h
}

export function createPinnedFetch(opts: Options = {}): typeof fetch {
  const check = opts.check ?? createAddressCheck()
  const lookupAll = opts.lookup ?? systemLookup
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) }
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EndpointRefusedError(`only http and https endpoints can be called, not ${url.protocol}`)
    const lib = url.protocol === 'https:' ? https : http
    const headers = Object.fromEntries(new Headers(init.headers).entries())
    return new Promise<Response>((resolve, reject) => {
      const req = lib.request(url, {
        method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'],
        lookup: pinnedLookup(url, check, lookupAll), signal: init.signal ?? undefined,
      }, (res) => {
        const body = res.statusCode === 204 || res.statusCode === 304 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>)
        resolve(new Response(body, { status: res.statusCode ?? 500, statusText: res.statusMessage, headers: headersOf(res) }))
      })
      req.on('error', (e) => reject(e instanceof EndpointRefusedError ? e : Object.assign(new TypeError('fetch failed'), { cause: e })))
      if (init.body !== undefined && init.body !== null) req.write(init.body as string)
      req.end()
    })
  }) as typeof fetch
}
