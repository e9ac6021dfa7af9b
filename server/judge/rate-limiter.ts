// Client-side request rate limit shared by every call to one endpoint, so a judge job at any
// concurrency stays under the provider's requests-per-minute quota instead of collecting 429s.
// Generic cell rate algorithm (a token bucket without a timer): requests are spaced evenly at
// 60 000 / rpm ms, with an optional burst. Slots are handed out in call order. The clock and the
// sleep are injectable, so tests read the schedule it computes instead of timing it.

export type RateLimiter = {
  /** Resolves when this request may be sent; rejects with the signal's reason if aborted first. */
  acquire(signal?: AbortSignal): Promise<void>
}

/** Sleep that ends early (rejecting) when the signal aborts; the timer is cleared either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason)
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export type RateLimiterOptions = {
  /** Requests that may go out together before the spacing applies; 1 = strictly even. */
  burst?: number
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function createRateLimiter(requestsPerMinute: number, { burst = 1, now = () => performance.now(), sleep: wait = sleep }: RateLimiterOptions = {}): RateLimiter {
  if (!(requestsPerMinute > 0)) throw new RangeError('requestsPerMinute must be positive')
  const interval = 60_000 / requestsPerMinute
  // Theoretical arrival time of the next request; a burst lets it run ahead by (burst − 1) slots.
  let tat = -Infinity
  return {
    async acquire(signal) {
      signal?.throwIfAborted()
      const t = now()
      tat = Math.max(tat, t)
      const sendAt = tat - (burst - 1) * interval
      tat += interval
      // An aborted waiter keeps its slot: giving it back could let later callers exceed the rate.
      await wait(sendAt - t, signal)
    },
  }
}
