// The process's one pg-boss instance, configured once and explicitly. The worker process calls
// startBoss('worker') before anything else (fetching, supervision of heartbeats and expiry); the web
// server and scripts only send, and get a 'sender' instance on first use. Asking for the worker
// instance after a sender was started (or the other way round) is a programming error and throws,
// so supervision can never silently be off in the worker.
import { PgBoss } from 'pg-boss'
import { connectionFault } from '../lib/db-errors.ts'
import { JOB_CONTRACT, JOB_KINDS } from './contract.ts'

export type BossRole = 'worker' | 'sender'

let started: { role: BossRole; boss: Promise<PgBoss> } | null = null

/**
 * Seconds between a running job's heartbeats: a dead worker's message is failed by pg-boss's
 * supervision this long after its last one. Also how a cancel from another process reaches a
 * running job (the heartbeat finds the claim gone and aborts job.signal).
 */
export const HEARTBEAT_SECONDS = 10
/** How often a running job's claim is refreshed and checked: the delay before a cancel takes effect. */
export const HEARTBEAT_REFRESH_SECONDS = 2
/** How often the worker's pg-boss supervisor fails messages whose heartbeats stopped (pg-boss: 60 s). */
const SUPERVISE_SECONDS = 15

function create(role: BossRole): Promise<PgBoss> {
  return (async () => {
    const worker = role === 'worker'
    const boss = new PgBoss({
      connectionString: process.env.DATABASE_URL!,
      max: worker ? 4 : 2,
      supervise: worker,
      superviseIntervalSeconds: SUPERVISE_SECONDS,
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
      // Queue defaults only: every message carries its own expiry and retry options (enqueue-job.ts).
      await boss.createQueue(JOB_CONTRACT[kind].queue, { retryLimit: 0, heartbeatSeconds: HEARTBEAT_SECONDS })
    }
    return boss
  })()
}

/** Starts this process's instance in the given role; once per process. */
export function startBoss(role: BossRole): Promise<PgBoss> {
  if (started) {
    if (started.role !== role) throw new Error(`pg-boss was already started as a ${started.role} in this process; start it as the ${role} first`)
    return started.boss
  }
  started = { role, boss: create(role) }
  return started.boss
}

/** The instance of this process; a sender unless the process started the worker instance first. */
export function getBoss(): Promise<PgBoss> {
  return started ? started.boss : startBoss('sender')
}

export const bossRole = (): BossRole | null => started?.role ?? null

export async function stopBoss() {
  if (!started) return
  const boss = await started.boss
  started = null
  await boss.stop({ graceful: true, timeout: 10_000 })
}
