// The judge endpoint guard (server/judge/endpoint-guard.ts) without DNS: the resolver is injected.
// Which addresses count as not public, how IP literals in their odd spellings are caught, and what
// REWARDLAB_JUDGE_ALLOWED_HOSTS-style entries allow (a host, a host:port, an address range).
import { describe, expect, test, vi } from 'vitest'
import { blockedAddressKind, createEndpointGuard, EndpointLookupError, EndpointRefusedError, parseAllowedHosts, type LookupAll } from '@/server/judge/endpoint-guard'

const noDns: LookupAll = () => Promise.reject(new Error('DNS must not be used for an IP literal'))
const resolvesTo = (...addresses: string[]): LookupAll => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
const verdict = (p: Promise<void>) => p.then(() => 'allowed', (e: Error) => e.name)

describe('addresses', () => {
  test.each([
    ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'], ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'], ['fe80::1', 'link-local'],
    ['10.0.0.1', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['fd00::1', 'private'], ['100.64.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:a9fe:a9fe', 'link-local'], ['64:ff9b::a00:1', 'private'], ['2002:c0a8:101::', 'private'],
    ['224.0.0.1', 'reserved'], ['255.255.255.255', 'reserved'],
  ])('%s is %s', (ip, kind) => expect(blockedAddressKind(ip)).toBe(kind))
  test.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (ip) => expect(blockedAddressKind(ip)).toBeNull())
})

describe('the guard', () => {
  test('IP literals, however spelled, are refused without a lookup', async () => {
    const guard = createEndpointGuard({ allowedHosts: [], lookup: noDns })
    for (const url of ['http://127.0.0.1:8000/v1', 'http://[::1]/v1', 'http://0x7f.1/v1', 'http://2130706433/v1', 'http://[::ffff:127.0.0.1]/v1', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/v1', 'http://0.0.0.0:80/v1']) {
      expect([url, await verdict(guard(new URL(url)))]).toEqual([url, 'EndpointRefusedError'])
    }
    expect(await verdict(guard(new URL('https://93.184.216.34/v1')))).toBe('allowed')
  })
  test('a name is refused when ANY of its addresses is not public', async () => {
    expect(await verdict(createEndpointGuard({ allowedHosts: [], lookup: resolvesTo('93.184.216.34') })(new URL('https://api.example.com/v1')))).toBe('allowed')
    const mixed = createEndpointGuard({ allowedHosts: [], lookup: resolvesTo('93.184.216.34', '::1') })
    await expect(mixed(new URL('https://api.example.com/v1'))).rejects.toThrow(/api\.example\.com resolves to a loopback address/)
    await expect(createEndpointGuard({ allowedHosts: [], lookup: resolvesTo('127.0.0.1') })(new URL('http://localhost:8000/v1'))).rejects.toBeInstanceOf(EndpointRefusedError)
  })
  test('a failed lookup is a lookup error (retried by the client), not a refusal', async () => {
    const guard = createEndpointGuard({ allowedHosts: [], lookup: () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })) })
    const e = await guard(new URL('https://nowhere.example/v1')).catch((x: Error) => x)
    expect(e).toBeInstanceOf(EndpointLookupError)
    expect((e as Error).message).toBe('cannot resolve nowhere.example (ENOTFOUND)')
  })
  test('only http and https', async () => {
    await expect(createEndpointGuard({ allowedHosts: ['127.0.0.1'] })(new URL('file:///etc/passwd'))).rejects.toBeInstanceOf(EndpointRefusedError)
  })
  test('allowed hosts: a host at any port, a host:port at that port only, an address range', async () => {
    const lookup = vi.fn(resolvesTo('10.1.2.3'))
    const guard = createEndpointGuard({ allowedHosts: parseAllowedHosts(' 127.0.0.1:8000, VLLM.internal ,[::1], 10.1.0.0/16 , bad entry:x:y'), lookup })
    expect(await verdict(guard(new URL('http://127.0.0.1:8000/v1')))).toBe('allowed')
    expect(await verdict(guard(new URL('http://127.0.0.1:8001/v1')))).toBe('EndpointRefusedError')
    expect(await verdict(guard(new URL('http://vllm.internal.:9000/v1')))).toBe('allowed')
    expect(await verdict(guard(new URL('http://[::1]:7000/v1')))).toBe('allowed')
    expect(lookup).not.toHaveBeenCalled() // an allowed name is not even resolved
    expect(await verdict(guard(new URL('http://gpu-box.corp/v1')))).toBe('allowed') // 10.1.2.3 is in 10.1.0.0/16
    expect(await verdict(createEndpointGuard({ allowedHosts: ['10.1.0.0/16'], lookup: resolvesTo('10.2.0.1') })(new URL('http://other.corp/v1')))).toBe('EndpointRefusedError')
  })
  test('the default list comes from REWARDLAB_JUDGE_ALLOWED_HOSTS', async () => {
    vi.stubEnv('REWARDLAB_JUDGE_ALLOWED_HOSTS', '127.0.0.1:5555')
    try {
      const guard = createEndpointGuard({ lookup: noDns })
      expect(await verdict(guard(new URL('http://127.0.0.1:5555/v1')))).toBe('allowed')
      expect(await verdict(guard(new URL('http://127.0.0.1:5556/v1')))).toBe('EndpointRefusedError')
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
