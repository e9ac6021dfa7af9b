// Runs an async function over items with at most `limit` in flight (judge runs, d-RLAIF ratings): the
// first error stops new work and is thrown once the calls in flight have settled.
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
