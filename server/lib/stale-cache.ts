// A small read-through cache for expensive reads that many people refresh (the agreement dashboard):
// a value younger than maxAgeMs is served as is; an older one, up to staleLimitMs, is served at once
// while one refresh runs in the background; older still (or none), the caller waits for a fresh one.
// One load per key at a time (single flight), so N readers cost at most one computation per maxAgeMs.
// A failed background refresh keeps the old value (the next read tries again). Pure: the clock and the
// loader are passed in, so it is tested with fake timers.

export type Cached<T> = { value: T; at: number }
type Options = { maxAgeMs: number; staleLimitMs: number; maxEntries?: number; now?: () => number }

export function createStaleCache<T>({ maxAgeMs, staleLimitMs, maxEntries = 100, now = Date.now }: Options) {
  const entries = new Map<string, Cached<T>>()
  const loading = new Map<string, Promise<Cached<T>>>()

  function refresh(key: string, load: () => Promise<T>): Promise<Cached<T>> {
    const running = loading.get(key)
    if (running) return running
    const p = load().then((value) => {
      const entry = { value, at: now() }
      entries.delete(key) // re-inserted last: the Map's order is the eviction order
      entries.set(key, entry)
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      return entry
    }).finally(() => loading.delete(key))
    loading.set(key, p)
    return p
  }

  return {
    async get(key: string, load: () => Promise<T>): Promise<Cached<T>> {
      const e = entries.get(key)
      const age = e ? now() - e.at : Infinity
      if (e && age < maxAgeMs) return e
      if (e && age < staleLimitMs) {
        refresh(key, load).catch(() => {}) // keep serving the old value; the next read tries again
        return e
      }
      return refresh(key, load)
    },
    /** Forgets every value (tests). */
    clear() { entries.clear() },
  }
}
