// The one Prisma client of a process (web server or worker), on node-postgres through the driver adapter.
// The adapter already keeps a broken connection from crashing the process (it listens for 'error' on
// its pool and on a transaction's client) but says nothing; the hooks below log it, and the query that
// was using the connection fails with a connection error that callers can tell (lib/db-errors.ts).
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient, Prisma } from './generated/client.ts'

function createClient() {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set: run `npm start` (embedded PostgreSQL) or set it to your server')
  const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }, {
    onPoolError: (e) => console.error('database (prisma pool):', e.message),
    onConnectionError: (e) => console.error('database (prisma transaction):', e.message),
  })
  return new PrismaClient({ adapter })
}

// Next.js dev reloads modules; keep one pool per process.
const g = globalThis as unknown as { __rewardlabDb?: PrismaClient }
export const db: PrismaClient = g.__rewardlabDb ?? (g.__rewardlabDb = createClient())

export type Db = PrismaClient
/** A client or an interactive transaction: services accept either so callers can compose them. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient
export { Prisma }
export * from './generated/enums.ts'
