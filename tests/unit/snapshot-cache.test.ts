// The stored-snapshot read path (server/lib/snapshot-cache.ts) with fake timers: a key never computed
// is computed once for all concurrent readers; a value checked within the max age comes from memory
// without touching the store; an older one is served at once (from the store, which another process
// may have refreshed) while ONE background refresh runs; a refresh that fails or finds another
// process at work keeps the old value and is not retried before the max age has passed again.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createSnapshotCache, type Snapshot, type SnapshotSource } from '@/server/lib/snapshot-cache.ts'

const MAX_AGE = 5000

function setup() {
  const errors: unknown[] = []
  const cache = createSnapshotCache<string>({ maxAgeMs: MAX_AGE, now: Date.now, onError: (_k, e) => errors.push(e) })
  let stored: Snapshot<string> | null = null
  const calls = { read: 0, refresh: [] as boolean[] }
  let settle: ((s: Snapshot<string> | null | Error) => void) | null = null
  const source: SnapshotSource<string> = {
    read: async () => { calls.read++; return stored },
    refresh: (wait) => new Promise((resolve, reject) => {
      calls.refresh.push(wait)
      settle = (s) => (s instanceof Error ? reject(s) : resolve((stored = s ?? stored, s)))
    }),
  }
  const snap = (value: string): Snapshot<string> => ({ value, computedAt: Date.now(), checkedAt: Date.now() })
  return {
    cache, source, calls, errors,
    store: (s: Snapshot<string>) => { stored = s },
    /** Ends the refresh in flight with a new value (computed now), null (another process) or an error. */
    finish: async (s: Snapshot<string> | null | Error) => { settle!(s); await vi.advanceTimersByTimeAsync(0) },
    snap,
  }
}

beforeEach(() => { vi.useFakeTimers(); vi.setSystemTime(0) })
afterEach(() => vi.useRealTimers())

describe('snapshot cache', () => {
  test('never computed: concurrent readers wait for ONE refresh; then memory serves it without the store', async () => {
    const s = setup()
    const a = s.cache.get('p', s.source)
    const b = s.cache.get('p', s.source)
    await vi.advanceTimersByTimeAsync(0)
    expect(s.calls.refresh).toEqual([true]) // one computation, waited for
    await s.finish(s.snap('v1'))
    expect((await a).snapshot.value).toBe('v1')
    expect((await b).snapshot.value).toBe('v1')
    const reads = s.calls.read
    vi.advanceTimersByTime(MAX_AGE - 1)
    expect(await s.cache.get('p', s.source)).toEqual({ snapshot: { value: 'v1', computedAt: 0, checkedAt: 0 }, refreshing: false })
    expect(s.calls.read).toBe(reads)
    expect(s.calls.refresh).toHaveLength(1)
  })

  test('due: the stored value is served at once while one background refresh runs; then the new one', async () => {
    const s = setup()
    s.store(s.snap('v1')) // stored by an earlier process: a restart reads it warm
    expect((await s.cache.get('p', s.source)).snapshot.value).toBe('v1')
    expect(s.calls.refresh).toEqual([])
    vi.advanceTimersByTime(MAX_AGE)
    expect(await s.cache.get('p', s.source)).toMatchObject({ snapshot: { value: 'v1' }, refreshing: true })
    expect(await s.cache.get('p', s.source)).toMatchObject({ snapshot: { value: 'v1' }, refreshing: true })
    expect(s.calls.refresh).toEqual([false]) // N readers, one refresh, none of them waiting
    await s.finish(s.snap('v2'))
    expect(await s.cache.get('p', s.source)).toEqual({ snapshot: { value: 'v2', computedAt: MAX_AGE, checkedAt: MAX_AGE }, refreshing: false })
    expect(s.calls.refresh).toHaveLength(1)
  })

  test('a newer stored snapshot (the worker after an import) wins over memory once memory is due', async () => {
    const s = setup()
    s.store(s.snap('v1'))
    await s.cache.get('p', s.source)
    vi.advanceTimersByTime(MAX_AGE + 1000)
    s.store({ value: 'after import', computedAt: MAX_AGE, checkedAt: MAX_AGE }) // checked 1 s ago: not due
    expect(await s.cache.get('p', s.source)).toMatchObject({ snapshot: { value: 'after import' }, refreshing: false })
    expect(s.calls.refresh).toEqual([])
  })

  test('a refresh that fails or finds another process at work keeps the old value, quiet for the max age', async () => {
    const s = setup()
    s.store(s.snap('v1'))
    await s.cache.get('p', s.source)
    vi.advanceTimersByTime(MAX_AGE)
    await s.cache.get('p', s.source)
    await s.finish(new Error('database down'))
    expect(s.errors).toHaveLength(1)
    vi.advanceTimersByTime(MAX_AGE - 1)
    expect(await s.cache.get('p', s.source)).toMatchObject({ snapshot: { value: 'v1' }, refreshing: false })
    expect(s.calls.refresh).toHaveLength(1) // not retried on every read
    vi.advanceTimersByTime(1)
    await s.cache.get('p', s.source)
    expect(s.calls.refresh).toHaveLength(2)
    await s.finish(null) // another process holds the refresh
    expect(await s.cache.get('p', s.source)).toMatchObject({ snapshot: { value: 'v1' }, refreshing: false })
    expect(s.calls.refresh).toHaveLength(2)
  })
})
