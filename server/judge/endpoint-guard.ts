// Which hosts a judge may call. A judge's base URL is typed by a researcher, and the worker that calls
// it sits inside the server's network: without a guard a judge could reach the cloud metadata service
// (169.254.169.254), the database or any internal admin page and show its answer in a job error. So
// the host is resolved (every address) before each request and refused when any address is loopback,
// link-local, private or otherwise not public, unless an admin allowed it in
// REWARDLAB_JUDGE_ALLOWED_HOSTS: a comma list of hosts (`vllm.internal`), host:port
// (`127.0.0.1:8000`, `[::1]:8000`) or address ranges (`10.1.0.0/16`), as GitLab's outbound allowlist.
// The same rule is applied again to the address each connection is actually made to (pinned-fetch.ts),
// so a DNS answer that changes between this check and the connection (rebinding) is refused too.
import dns from 'node:dns'
import net from 'node:net'

export type ResolvedAddress = { address: string; family: number }
/** Every address of a host name; injected in tests so they need no DNS. */
export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>
/** Resolves when the URL may be called; rejects with EndpointRefusedError or EndpointLookupError. */
export type EndpointGuard = (url: URL) => Promise<void>

export const ALLOWED_HOSTS_ENV = 'REWARDLAB_JUDGE_ALLOWED_HOSTS'

/** The endpoint is not allowed: permanent, never retried. */
export class EndpointRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EndpointRefusedError'
  }
}

/** The host could not be resolved: may be transient, so the client retries it. */
export class EndpointLookupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EndpointLookupError'
  }
}

// [kind shown in the error, ranges]. IPv4-mapped IPv6 (::ffff:a.b.c.d) is matched against the IPv4
// ranges by BlockList itself; NAT64 and 6to4 addresses are decoded below.
const RANGES: [string, [string, number, 'ipv4' | 'ipv6'][]][] = [
  ['loopback', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['unspecified', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['link-local', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  ['private', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'], ['fc00::', 7, 'ipv6'], ['fec0::', 10, 'ipv6']]],
  ['reserved', [['192.0.0.0', 24, 'ipv4'], ['198.18.0.0', 15, 'ipv4'], ['224.0.0.0', 4, 'ipv4'], ['240.0.0.0', 4, 'ipv4'], ['::', 96, 'ipv6'], ['64:ff9b:1::', 48, 'ipv6'], ['100::', 64, 'ipv6'], ['ff00::', 8, 'ipv6']]],
]
const BLOCKS = RANGES.map(([kind, subnets]) => {
  const list = new net.BlockList()
  for (const [addr, prefix, type] of subnets) list.addSubnet(addr, prefix, type)
  return [kind, list] as const
})

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, else null. */
function embeddedIPv4(ip: string): string | null {
  const groups = expandIPv6(ip)
  if (!groups) return null
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return v4(groups[6], groups[7])
  if (groups[0] === 0x2002) return v4(groups[1], groups[2])
  return null
}

function expandIPv6(ip: string): number[] | null {
  if (!net.isIPv6(ip)) return null
  // A dotted tail (64:ff9b::1.2.3.4) is two more groups.
  const dotted = ip.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/)
  const text = dotted ? dotted[1] + dotted[2].split('.').map(Number).reduce((acc, b, i) => acc + (i === 2 ? ':' : '') + b.toString(16).padStart(2, '0'), '') : ip
  const [head, tail = ''] = text.split('::')
  const h = head ? head.split(':') : []
  const t = text.includes('::') && tail ? tail.split(':') : []
  const parts = text.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h
  return parts.length === 8 ? parts.map((p) => parseInt(p, 16)) : null
}

/** 'loopback' | 'link-local' | … for an address no judge may call by default; null for a public one. */
export function blockedAddressKind(ip: string): string | null {
  const type = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null
  if (!type) return 'unparsable'
  const inner = type === 'ipv6' ? embeddedIPv4(ip) : null
  if (inner) return blockedAddressKind(inner)
  try {
    for (const [kind, list] of BLOCKS) if (list.check(ip, type)) return kind
  } catch {
    return 'unparsable' // e.g. a zone index (fe80::1%eth0): never a public address
  }
  return null
}

type Allowed = { hosts: { host: string; port: string | null }[]; ranges: net.BlockList }

/** REWARDLAB_JUDGE_ALLOWED_HOSTS as entries; blanks are dropped and case is ignored. */
export function parseAllowedHosts(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)
}

function compileAllowed(entries: readonly string[]): Allowed {
  const allowed: Allowed = { hosts: [], ranges: new net.BlockList() }
  for (const entry of entries) {
    const cidr = entry.match(/^([0-9a-f:.]+)\/(\d{1,3})$/)
    if (cidr && net.isIP(cidr[1])) {
      allowed.ranges.addSubnet(cidr[1], Number(cidr[2]), net.isIPv4(cidr[1]) ? 'ipv4' : 'ipv6')
      continue
    }
    const m = entry.match(/^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/)
    if (!m) continue // not a host: ignored rather than allowing more than meant
    allowed.hosts.push({ host: normalHost(m[1]), port: m[2] ?? null })
  }
  return allowed
}

/** Hostname as URL writes it (lowercase, IPv4 forms like 0x7f.1 canonical), without a trailing dot. */
function normalHost(host: string): string {
  let h = host
  try {
    h = new URL(`http://${host}/`).hostname
  } catch {
    // kept as typed; it will simply not match
  }
  return h.replace(/\.$/, '')
}

const effectivePort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80')
const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true })

/**
 * Why a connection to `address` for `url` is refused, or null when it may go ahead: the rule of the
 * guard, for one address (pinned-fetch.ts checks each address it connects to with it).
 */
export function createAddressCheck(allowedHosts: readonly string[] = parseAllowedHosts(process.env[ALLOWED_HOSTS_ENV])) {
  const allowed = compileAllowed(allowedHosts)
  return (url: URL, address: string): string | null => {
    if (hostAllowed(allowed, url)) return null
    const kind = refusedKind(allowed, address)
    return kind && `${url.hostname.replace(/^\[|\]$/g, '')} connects to a ${kind} address: judges may call only public endpoints unless an admin allows the host in ${ALLOWED_HOSTS_ENV}`
  }
}

const hostAllowed = (allowed: Allowed, url: URL) => {
  const host = normalHost(url.hostname)
  return allowed.hosts.some((a) => a.host === host && (a.port === null || a.port === effectivePort(url)))
}

/** The kind of a blocked address not covered by an allowed range, else null. */
const refusedKind = (allowed: Allowed, address: string) => {
  const kind = blockedAddressKind(address)
  return kind === null || allowed.ranges.check(address, net.isIPv4(address) ? 'ipv4' : 'ipv6') ? null : kind
}

export function createEndpointGuard(opts: { allowedHosts?: readonly string[]; lookup?: LookupAll } = {}): EndpointGuard {
  const allowed = compileAllowed(opts.allowedHosts ?? parseAllowedHosts(process.env[ALLOWED_HOSTS_ENV]))
  const lookup = opts.lookup ?? systemLookup
  return async (url) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EndpointRefusedError(`only http and https endpoints can be called, not ${url.protocol}`)
    if (hostAllowed(allowed, url)) return
    const bare = normalHost(url.hostname).replace(/^\[|\]$/g, '')
    let addresses: string[]
    if (net.isIP(bare)) addresses = [bare]
    else {
      try {
        addresses = (await lookup(bare)).map((a) => a.address)
      } catch (e) {
        throw new EndpointLookupError(`cannot resolve ${bare} (${(e as NodeJS.ErrnoException).code ?? 'lookup failed'})`)
      }
      if (!addresses.length) throw new EndpointLookupError(`cannot resolve ${bare} (no addresses)`)
    }
    for (const address of addresses) {
      const kind = refusedKind(allowed, address)
      if (kind === null) continue
      const what = net.isIP(bare) ? `${url.host} is a ${kind} address` : `${bare} resolves to a ${kind} address`
      throw new EndpointRefusedError(`${what}: judges may call only public endpoints unless an admin allows the host in ${ALLOWED_HOSTS_ENV}`)
    }
  }
}
