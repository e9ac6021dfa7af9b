// The dashboard cache (server/lib/stale-cache.ts) with a fake clock: fresh values served as they are,
// stale ones served at once while one refresh runs, too old ones waited for, one load per key at a time,
// a failed refresh keeping the old value, and the oldest key evicted first.
import { describe, expect, test } from 'vitest'
import { createStaleCache } from '@/server/lib/stale-cache.ts'

function setup() {
  let t = 0
  const cache = createStaleCache<number>({ maxAgeMs: 5000, staleLimitMs: 60_000, maxEntries: 2, now: () => t })
  let loads = 0
  let release: (() => void) | null = null
  const load = (fail = false) => () => new Promise<number>((resolve, reject) => { loads++; release = () => (fail ? reject(new Error('down')) : resolve(loads)) })
  return { cache, load, loads: () => loads, release: () => release!(), tick: (ms: number) => { t += ms } }
}

describe('stale cache', () => {
  test('concurrent first reads share one load; a fresh value is served without loading', async () => {
    const s = setup()
    const a = s.cache.get('p', s.load())
    const b = s.cache.get('p', s.load())
    s.release()
    expect((await a).value).toBe(1)
    expect((await b).value).toBe(1)
    s.tick(4999)
    expect(await s.cache.get('p', s.load())).toEqual({ value: 1, at: 0 })
    expect(s.loads()).toBe(1)
  })
  test('stale: served at once while one refresh runs; then the new value', async () => {
    const s = setup()
    const first = s.cache.get('p', s.load())
    s.release()
    await first
    s.tick(5000)
    expect((await s.cache.get('p', s.load())).value).toBe(1) // stale, served at once
    expect((await s.cache.get('p', s.load())).value).toBe(1) // the refresh is still running: no second load
    expect(s.loads()).toBe(2)
    s.release()
    await new Promise((r) => setTimeout(r, 0))
    expect(await s.cache.get('p', s.load())).toEqual({ value: 2, at: 5000 })
  })
  test('too old: the reader waits for a fresh value; a failed background refresh keeps the old one', async () => {
    const s = setup()
    const first = s.cache.get('p', s.load())
    s.release()
    await first
    s.tick(10_000)
    expect((await s.cache.get('p', s.load(true))).value).toBe(1) // stale; its refresh fails
    s.release()
    await new Promise((r) => setTimeout(r, 0))
    expect((await s.cache.get('p', s.load())).at).toBe(0) // still the old value, and a new refresh started
    s.release()
    await new Promise((r) => setTimeout(r, 0))
    s.tick(60_000)
    const waited = s.cache.get('p', s.load())
    s.release()
    expect(await waited).toEqual({ value: 4, at: 70_000 })
  })
  test('at most maxEntries keys: the least recently loaded goes first', async () => {
    const s = setup()
    for (const k of ['a', 'b', 'c']) {
      const p = s.cache.get(k, s.load())
      s.release()
      await p
    }
    const again = s.cache.get('a', s.load()) // evicted: loaded again
    s.release()
    expect((await again).value).toBe(4)
    expect((await s.cache.get('c', s.load())).value).toBe(3)
  })
})
