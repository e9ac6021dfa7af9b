// Bounded concurrency for calls to an endpoint (judge runs, policy evaluations): at most `limit`
// in flight, the first error stops new work and is thrown once the ones in flight have settled.

/** Runs fn over items with at most `limit` in flight; the first error stops new work and is thrown. */
export async function forEachConcurrent<T>(items: T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>) {
  let next = 0
  let failure: unknown = null
  const lane = async () => {
    while (failure === null && next < items.length) {
      signal.throwIfAborted()
      const item = items[next++]
      try {
        await fn(item)
      } catch (e) {
        failure ??= e
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  if (failure !== null) throw failure
}
