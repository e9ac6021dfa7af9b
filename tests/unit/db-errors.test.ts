// Telling a lost database connection from other errors (issue 8, item 4), on the shapes that
// node-postgres and Prisma's pg adapter really throw (recorded by stopping a server under them), and
// the retry of a write until the database answers again, on fake timers, and a transaction whose
// connection breaks before or on its COMMIT.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { connectionFault, DatabaseConnectionLost } from '@/server/lib/db-errors.ts'
import { retryDb } from '@/server/lib/retry-db.ts'
import { inTransaction, type BulkClient } from '@/server/services/imports/bulk-connection.ts'

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' })
/** What PrismaClient throws: a code-frame message, the driver adapter's error in meta. */
const prismaError = (code: string, cause: object) => Object.assign(new Error('\nInvalid `db.job.update()` invocation in\n/app/x.ts:3:9\n→ 3 …'), {
  name: 'PrismaClientKnownRequestError', code, meta: { driverAdapterError: Object.assign(new Error('DriverAdapterError'), { name: 'DriverAdapterError', cause }) },
})

describe('connectionFault', () => {
  test.each([
    ['server shut down (pg)', pgError('57P01', 'terminating connection due to administrator command'), 'terminating connection due to administrator command'],
    ['socket closed (pg)', new Error('Connection terminated unexpectedly'), 'Connection terminated unexpectedly'],
    ['used after the socket failed (pg)', new Error('Client has encountered a connection error and is not queryable'), 'Client has encountered a connection error and is not queryable'],
    ['refused (pg)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect', errno: -111 }), 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['unreachable (Prisma P1001)', prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }), "can't reach the database server"],
    ['shut down mid-query (Prisma P2010)', prismaError('P2010', { kind: 'postgres', originalCode: '57P01', originalMessage: 'terminating connection due to administrator command' }), 'terminating connection due to administrator command'],
    ['already classified', new DatabaseConnectionLost('it broke'), 'it broke'],
  ])('%s', (_what, error, reason) => {
    expect(connectionFault(error)).toBe(reason)
  })

  test.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a NUL in text', pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['a Prisma not-found', prismaError('P2025', { kind: 'RecordNotFound' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'oops'],
  ])('%s is no connection fault', (_what, error) => {
    expect(connectionFault(error)).toBeNull()
  })
})

describe('retryDb', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  test('retries a write while the database is unreachable, with growing waits, until it answers', async () => {
    vi.useFakeTimers()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    let calls = 0
    const write = vi.fn(async () => {
      if (++calls < 5) throw new Error('Connection terminated unexpectedly')
      return 'written'
    })
    const done = retryDb(write, { firstDelayMs: 100, maxDelayMs: 300 })
    await vi.advanceTimersByTimeAsync(100 + 200 + 300)
    expect(write).toHaveBeenCalledTimes(4) // waits of 100, 200 and 300 ms so far
    await vi.advanceTimersByTimeAsync(300)
    await expect(done).resolves.toBe('written')
    expect(console.error).toHaveBeenCalledTimes(1) // one log line per outage, not per attempt
  })

  test('any other error is thrown at once', async () => {
    const write = vi.fn(async () => { throw pgError('23505', 'duplicate key') })
    await expect(retryDb(write)).rejects.toThrow('duplicate key')
    expect(write).toHaveBeenCalledTimes(1)
  })

  test('gives up after giveUpAfterMs with the last error', async () => {
    vi.useFakeTimers()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const write = vi.fn(async () => { throw new Error('Connection terminated unexpectedly') })
    const done = retryDb(write, { firstDelayMs: 1000, maxDelayMs: 1000, giveUpAfterMs: 5000 })
    const settled = expect(done).rejects.toThrow('Connection terminated unexpectedly')
    await vi.advanceTimersByTimeAsync(10_000)
    await settled
    expect(write).toHaveBeenCalledTimes(6) // at 0, 1, 2, 3, 4 and 5 s; one more wait would pass 5 s
  })
})

describe('inTransaction on a connection that breaks', () => {
  /** A bulk client whose connection is lost on the statement `failOn`. */
  const breakingOn = (failOn: string) => {
    const sent: string[] = []
    const client: BulkClient = {
      query: async (text) => {
        sent.push(text)
        if (text === failOn) throw new DatabaseConnectionLost('terminating connection due to administrator command')
        return { rows: [], rowCount: 0 }
      },
    }
    return { client, sent }
  }

  test('lost before COMMIT: the server rolls back, so nothing was saved', async () => {
    const { client } = breakingOn('INSERT')
    const e = await inTransaction(client, () => client.query('INSERT')).catch((x) => x)
    expect(e).toBeInstanceOf(DatabaseConnectionLost)
    expect(e.duringCommit).toBe(false)
  })

  test('lost on COMMIT: the outcome is unknown, and the error says so', async () => {
    const { client, sent } = breakingOn('COMMIT')
    const e = await inTransaction(client, () => client.query('INSERT')).catch((x) => x)
    expect(e).toBeInstanceOf(DatabaseConnectionLost)
    expect(e.duringCommit).toBe(true)
    expect(sent).toEqual(['BEGIN', 'INSERT', 'COMMIT', 'ROLLBACK'])
  })
})
