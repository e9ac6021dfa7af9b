// Retries a database operation while the database is unreachable (a restart, a failover, a network
// blip), waiting a little longer each time up to a cap. For writes that must not be lost, such as a
// job's final status: without it a job whose database went away would stay RUNNING until the worker
// restarts. Any other error is thrown at once: retrying a bug or a conflict changes nothing.
import { connectionFault } from './db-errors.ts'

export type RetryDbOptions = {
  /** Names the operation in the log line. */
  what?: string
  firstDelayMs?: number
  maxDelayMs?: number
  /** After this long the last error is thrown (the worker's restart recovery takes over). */
  giveUpAfterMs?: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function retryDb<T>(fn: () => Promise<T>, opts: RetryDbOptions = {}): Promise<T> {
  const { what = 'a database write', firstDelayMs = 250, maxDelayMs = 5000, giveUpAfterMs = 15 * 60_000 } = opts
  const started = Date.now()
  let delay = firstDelayMs
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      const fault = connectionFault(e)
      if (!fault || Date.now() - started + delay > giveUpAfterMs) throw e
      if (attempt === 1) console.error(`${what}: the database is unreachable (${fault}); retrying until it answers`)
      await sleep(delay)
      delay = Math.min(maxDelayMs, delay * 2)
    }
  }
}
