// The client's address, for throttling failed sign-ins per address. Only the production listener
// (scripts/web.ts) sees the socket: it resolves the address once and hands it to Next.js in
// X-Forwarded-For, overwriting what the client sent, so code inside Next.js (Auth.js, server
// actions, route handlers) reads the header back. Under `next dev` Next.js fills the header from
// the socket when the client sent none.

/** How many proxies in front of us append to X-Forwarded-For (REWARDLAB_TRUST_PROXY: unset = none, "true" = 1, or a count). */
export function trustedProxyHops(setting = process.env.REWARDLAB_TRUST_PROXY): number {
  if (!setting || setting === 'false' || setting === '0') return 0
  if (setting === 'true') return 1
  const n = Number(setting)
  return Number.isInteger(n) && n > 0 ? n : 1
}

// An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d; count it under one name.
const plain = (a: string) => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1')

// Read once: the listener resolves an address on every API call.
const HOPS = trustedProxyHops()

/**
 * The socket's address, or, behind `hops` trusted proxies, the entry the outermost of them added:
 * each proxy appends the address it saw, so entries further left are whatever the client claimed.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops = HOPS): string {
  if (hops > 0 && forwardedFor) {
    const entries = [forwardedFor].flat().join(',').split(',').map((s) => s.trim()).filter(Boolean)
    if (entries.length) return plain(entries[Math.max(0, entries.length - hops)])
  }
  return socketAddress ? plain(socketAddress) : 'unknown'
}

/** Inside Next.js: the address scripts/web.ts resolved (the last X-Forwarded-For entry). */
export function forwardedClientAddress(headers: { get(name: string): string | null }): string {
  const last = headers.get('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean).at(-1)
  return last ? plain(last) : 'unknown'
}
