// The read path of stored snapshots (the agreement dashboard's aggregates): a read never computes
// unless nothing was ever computed for its key. A value checked within maxAgeMs is served from
// memory; otherwise the stored one (a table row, which the worker or another web process may have
// refreshed meanwhile) is served at once, and when that one is due, one refresh runs in the
// background: it compares the labels with the snapshot's watermark and recomputes only if they
// changed. One refresh per key at a time (single flight); a refresh that failed or found another
// process at work is not tried again for maxAgeMs. Pure: the clock, the store read and the refresh
// are passed in, so it is tested with a fake clock.

export type Snapshot<T> = {
  value: T
  /** When the value was computed. */
  computedAt: number
  /** When its watermark last matched the labels: the value is current as of then. */
  checkedAt: number
}

export type SnapshotSource<T> = {
  /** The stored snapshot, or null if this key was never computed. */
  read: () => Promise<Snapshot<T> | null>
  /**
   * Brings the stored snapshot up to date and returns it; null when another process is refreshing it
   * and `wait` is false (with `wait` it waits for that process and returns its result).
   */
  refresh: (wait: boolean) => Promise<Snapshot<T> | null>
}

export type SnapshotRead<T> = { snapshot: Snapshot<T>; refreshing: boolean }

type Options = { maxAgeMs: number; maxEntries?: number; now?: () => number; onError?: (key: string, e: unknown) => void }

const newer = <T>(a: Snapshot<T> | null | undefined, b: Snapshot<T> | null | undefined) =>
  !a ? b ?? null : !b ? a : b.checkedAt > a.checkedAt ? b : a

export function createSnapshotCache<T>({ maxAgeMs, maxEntries = 100, now = Date.now, onError = () => {} }: Options) {
  const entries = new Map<string, Snapshot<T>>()
  const refreshing = new Map<string, Promise<Snapshot<T> | null>>()
  /** A refresh that failed or found another process at work is not tried again before this time. */
  const quietUntil = new Map<string, number>()

  function remember(key: string, s: Snapshot<T>) {
    entries.delete(key) // re-inserted last: the Map's order is the eviction order
    entries.set(key, s)
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
  }

  function refresh(key: string, source: SnapshotSource<T>, wait: boolean): Promise<Snapshot<T> | null> {
    const running = refreshing.get(key)
    if (running) return running
    const p = source.refresh(wait).then((s) => {
      if (s) remember(key, newer(entries.get(key), s)!)
      else quietUntil.set(key, now() + maxAgeMs)
      return s
    }, (e: unknown) => {
      quietUntil.set(key, now() + maxAgeMs)
      throw e
    }).finally(() => refreshing.delete(key))
    refreshing.set(key, p)
    return p
  }

  const due = (key: string, s: Snapshot<T>) => now() - s.checkedAt >= maxAgeMs && now() >= (quietUntil.get(key) ?? 0)

  return {
    async get(key: string, source: SnapshotSource<T>): Promise<SnapshotRead<T>> {
      const inMemory = entries.get(key)
      if (inMemory && now() - inMemory.checkedAt < maxAgeMs) return { snapshot: inMemory, refreshing: refreshing.has(key) }
      let s = newer(inMemory, await source.read())
      if (!s) {
        // Never computed: the only read that waits (several readers share the one computation).
        s = await refresh(key, source, true)
        if (!s) throw new Error(`snapshot ${key}: the refresh returned nothing`)
        return { snapshot: s, refreshing: false }
      }
      remember(key, s)
      if (due(key, s)) refresh(key, source, false).catch((e: unknown) => onError(key, e))
      return { snapshot: s, refreshing: refreshing.has(key) }
    },
    /** Forgets every value (tests). */
    clear() {
      entries.clear()
      quietUntil.clear()
    },
  }
}
