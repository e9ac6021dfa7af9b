// A tiny process supervisor for `npm start`: keeps a child (the web server, the worker) running,
// restarting it with exponential backoff when it dies, as runit/systemd do for GitLab and Grafana.
// Only stop() ends a child for good. A child that stayed up for `stableMs` counts as healthy again,
// so its next crash restarts it quickly.

/** Backoff before restart n (1-based): 1 s, 2 s, 4 s, … capped at maxMs. */
export const restartDelayMs = (n, maxMs = 30_000) => Math.min(maxMs, 1000 * 2 ** Math.max(0, n - 1))

/**
 * `start()` must return a new ChildProcess. `log(msg)` reports restarts. Returns { stop, child }:
 * stop(signal, timeoutMs) ends the child (SIGKILL after the timeout) and resolves when it is gone.
 */
export function supervise(name, start, { log, stableMs = 60_000, maxDelayMs = 30_000, setTimer = setTimeout } = {}) {
  let stopping = false
  let child = null
  let restarts = 0
  let startedAt = 0
  let timer = null

  function launch() {
    startedAt = Date.now()
    child = start()
    child.once('exit', (code, signal) => {
      if (stopping) return
      if (Date.now() - startedAt >= stableMs) restarts = 0
      restarts++
      const delay = restartDelayMs(restarts, maxDelayMs)
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`
      log(`the ${name} ${how}; restarting it in ${Math.round(delay / 1000)} s (restart ${restarts})`)
      timer = setTimer(() => { timer = null; if (!stopping) launch() }, delay)
    })
  }

  launch()
  return {
    get child() { return child },
    get restarts() { return restarts },
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      stopping = true
      if (timer) clearTimeout(timer)
      const c = child
      if (!c || c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise((r) => c.once('exit', r))
      c.kill(signal)
      let t
      const late = new Promise((r) => { t = setTimeout(r, timeoutMs) })
      await Promise.race([exited, late])
      clearTimeout(t)
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    },
  }
}
