// The process's pg-boss instance. The web server only sends (no supervision or schedules);
// the worker process also fetches and runs jobs.
import { PgBoss } from 'pg-boss'
import { connectionFault } from '../lib/db-errors.ts'
import { JOB_CONTRACT, JOB_KINDS } from './contract.ts'

let started: Promise<PgBoss> | null = null

export const HEARTBEAT_SECONDS = 10
/** How often a running job's claim is refreshed and checked: the delay before a cancel takes effect. */
export const HEARTBEAT_REFRESH_SECONDS = 2

export function getBoss(opts: { worker?: boolean } = {}): Promise<PgBoss> {
  started ??= (async () => {
    const boss = new PgBoss({
      connectionString: process.env.DATABASE_URL!,
      max: opts.worker ? 4 : 2,
      supervise: Boolean(opts.worker),
      schedule: false,
    })
    // pg-boss reports a lost connection (its pool reconnects by itself) once per poll while the
    // database is down: one line each, not the error with its whole client object.
    boss.on('error', (e) => {
      const fault = connectionFault(e)
      console.error('pg-boss:', fault ? `database connection: ${fault}` : e)
    })
    await boss.start()
    for (const kind of JOB_KINDS) {
      const c = JOB_CONTRACT[kind]
      // The heartbeat is how a cancel from another process reaches a running job: the worker's
      // heartbeat finds the job's claim gone and aborts job.signal (pg-boss 12).
      await boss.createQueue(c.queue, { retryLimit: c.retryLimit, retryBackoff: true, retryDelay: 5, heartbeatSeconds: HEARTBEAT_SECONDS })
    }
    return boss
  })()
  return started
}

export async function stopBoss() {
  if (!started) return
  const boss = await started
  started = null
  await boss.stop({ graceful: true, timeout: 10_000 })
}
