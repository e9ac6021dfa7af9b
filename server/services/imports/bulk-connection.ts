// A plain node-postgres connection for an import's bulk statements. Prisma's raw queries spent more
// CPU converting 500-row array parameters than PostgreSQL spent inserting them (profiled: about 2 s
// per 10k HH-RLHF pairs), so the hot path talks to pg directly: one connection per import run.
import pg from 'pg'

export type BulkClient = { query: <R extends object = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<{ rows: R[]; rowCount: number | null }> }

export async function withBulkConnection<T>(fn: (client: BulkClient) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const client = new pg.Client({ connectionString: url, application_name: 'rewardlab-import' })
  await client.connect()
  try {
    // A batch is worth re-running, not an fsync: a crash may lose the last batches' commits, never
    // half a batch (the database stays consistent, and the job is then marked FAILED).
    await client.query('SET synchronous_commit TO off')
    return await fn(client as unknown as BulkClient)
  } finally {
    await client.end()
  }
}

/** BEGIN … COMMIT around fn; ROLLBACK and rethrow when it throws. */
export async function inTransaction<T>(client: BulkClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    const result = await fn()
    await client.query('COMMIT')
    return result
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {})
    throw e
  }
}
