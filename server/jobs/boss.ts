// The process's pg-boss instance. The web server only sends (no supervision or schedules);
// the worker process also fetches and runs jobs.
import { PgBoss } from 'pg-boss'
import { JOB_CONTRACT, JOB_KINDS } from './contract.ts'

let started: Promise<PgBoss> | null = null

export function getBoss(opts: { worker?: boolean } = {}): Promise<PgBoss> {
  started ??= (async () => {
    const boss = new PgBoss({
      connectionString: process.env.DATABASE_URL!,
      max: opts.worker ? 4 : 2,
      supervise: Boolean(opts.worker),
      schedule: false,
    })
    boss.on('error', (e) => console.error('pg-boss:', e))
    await boss.start()
    for (const kind of JOB_KINDS) {
      const c = JOB_CONTRACT[kind]
      await boss.createQueue(c.queue, { retryLimit: c.retryLimit, retryBackoff: true, retryDelay: 5 })
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
