// A plain node-postgres connection for an import's bulk statements. Prisma's raw queries spent more
// CPU converting 500-row array parameters than PostgreSQL spent inserting them (profiled: about 2 s
// per 10k HH-RLHF pairs), so the hot path talks to pg directly: one connection per import run.
// A connection that breaks (server restart, network) must not take the process down: node-postgres
// emits 'error' on the client, which kills the process when nobody listens. Here it is recorded and
// every query from then on fails with DatabaseConnectionLost, which the import turns into its reason.
import pg from 'pg'
import { connectionFault, DatabaseConnectionLost } from '../../lib/db-errors.ts'

export type BulkClient = { query: <R extends object = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<{ rows: R[]; rowCount: number | null }> }

export async function withBulkConnection<T>(fn: (client: BulkClient) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  // keepAlive: a server that vanishes without closing the socket is noticed instead of awaited forever.
  const client = new pg.Client({ connectionString: url, application_name: 'rewardlab-import', keepAlive: true })
  let lost: DatabaseConnectionLost | null = null
  client.on('error', (e) => {
    lost ??= new DatabaseConnectionLost(connectionFault(e) ?? e.message, { cause: e })
  })
  const fail = (e: unknown): never => {
    const fault = lost ? null : connectionFault(e)
    if (fault) lost = new DatabaseConnectionLost(fault, { cause: e })
    throw lost ?? e
  }
  await client.connect().catch(fail)
  const bulk: BulkClient = {
    query: async (text, values) => {
      if (lost) throw lost
      return client.query(text, values).catch(fail) as never
    },
  }
  try {
    // A batch is worth re-running, not an fsync: a crash may lose the last batches' commits, never
    // half a batch (the database stays consistent, and the job is then marked FAILED).
    await bulk.query('SET synchronous_commit TO off')
    return await fn(bulk)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** BEGIN … COMMIT around fn; ROLLBACK and rethrow when it throws. */
export async function inTransaction<T>(client: BulkClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  let committing = false
  try {
    const result = await fn()
    committing = true
    await client.query('COMMIT')
    return result
  } catch (e) {
    // On a lost connection the server has rolled back already; the ROLLBACK then fails, harmlessly.
    await client.query('ROLLBACK').catch(() => {})
    // Except when the connection broke on COMMIT itself: the server may have committed first.
    if (committing && e instanceof DatabaseConnectionLost) throw new DatabaseConnectionLost(e.reason, { cause: e, duringCommit: true })
    throw e
  }
}
