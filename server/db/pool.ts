// A plain node-postgres pool for the few hot-path statements that are one round trip each (the
// annotation queue's PL/pgSQL functions, the per-request actor lookup). The Prisma client costs
// several times their database time in client-side work; everything else keeps using Prisma.
// Statements are named, so PostgreSQL parses them once per connection.
import pg from 'pg'

const g = globalThis as unknown as { __rewardlabPool?: pg.Pool }

function createPool() {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set: run `npm start` (embedded PostgreSQL) or set it to your server')
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), application_name: 'rewardlab-hot', allowExitOnIdle: true })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (e) => console.error('database pool:', e.message))
  return pool
}

export function hotPool(): pg.Pool {
  return g.__rewardlabPool ?? (g.__rewardlabPool = createPool())
}

/** Runs one named (prepared-per-connection) statement and returns its rows. */
export async function hotQuery<R extends object>(name: string, text: string, values: unknown[]): Promise<R[]> {
  const res = await hotPool().query<R>({ name, text, values })
  return res.rows
}

/** Closes the pool (scripts and tests that end their process cleanly). */
export async function closeHotPool() {
  const pool = g.__rewardlabPool
  g.__rewardlabPool = undefined
  await pool?.end()
}
