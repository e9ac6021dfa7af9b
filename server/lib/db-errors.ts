// Tells a lost or unreachable database connection apart from every other error, whichever client
// raised it (node-postgres, Prisma over its pg adapter, pg-boss), and words it for a person. A
// connection fault says nothing about the data: callers retry the write or end the job with it.

/**
 * Thrown by a connection that has seen its socket fail: every later query on it fails the same way.
 * `duringCommit`: it failed on COMMIT, so whether the transaction was saved cannot be known here.
 */
export class DatabaseConnectionLost extends Error {
  readonly duringCommit: boolean
  constructor(readonly reason: string, options?: { cause?: unknown; duringCommit?: boolean }) {
    super(`the database connection was lost: ${reason}`, options)
    this.name = 'DatabaseConnectionLost'
    this.duringCommit = options?.duringCommit ?? false
  }
}

// SQLSTATE class 08 (connection exception) and 57P01-03 (admin/crash shutdown, cannot connect now).
const SQLSTATE = /^(08...|57P0[123])$/
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
// Prisma: can't reach the server, timed out, the server closed the connection.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017'])
const ADAPTER_KINDS: Record<string, string> = {
  DatabaseNotReachable: "can't reach the database server",
  ConnectionClosed: 'the server closed the connection',
  SocketTimeout: 'the connection timed out',
}
// node-postgres words these without a code.
const MESSAGES = /Connection terminated|not queryable|terminating connection|Connection refused|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i

type Fields = { name?: unknown; code?: unknown; message?: unknown; kind?: unknown; originalCode?: unknown; originalMessage?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } }

/** The errors an error wraps: its cause chain and Prisma's driver adapter error. */
function chain(e: unknown): Fields[] {
  const out: Fields[] = []
  const queue = [e]
  while (queue.length && out.length < 8) {
    const x = queue.shift()
    if (!x || typeof x !== 'object') continue
    const f = x as Fields
    out.push(f)
    queue.push(f.cause, f.meta?.driverAdapterError)
  }
  return out
}

/** A short reason when `e` is a lost or unreachable database connection, otherwise null. */
export function connectionFault(e: unknown): string | null {
  const all = chain(e)
  // Structured fields first: they say what happened more plainly than any message.
  for (const f of all) {
    if (f instanceof DatabaseConnectionLost) return f.reason
    if (typeof f.kind === 'string' && f.kind in ADAPTER_KINDS) return ADAPTER_KINDS[f.kind]
    const code = typeof f.originalCode === 'string' ? f.originalCode : typeof f.code === 'string' ? f.code : ''
    const message = typeof f.originalMessage === 'string' ? f.originalMessage : typeof f.message === 'string' ? f.message : ''
    if (SQLSTATE.test(code) || SOCKET_CODES.has(code)) return firstLine(message) || code
  }
  // Prisma's own messages are multi-line code frames, so only other clients' messages are read.
  for (const f of all) {
    const prisma = typeof f.name === 'string' && f.name.startsWith('PrismaClient')
    if (!prisma && typeof f.message === 'string' && MESSAGES.test(f.message)) return firstLine(f.message)
  }
  for (const f of all) if (typeof f.code === 'string' && PRISMA_CODES.has(f.code)) return `the database is unreachable (Prisma ${f.code})`
  return null
}

export const isConnectionFault = (e: unknown) => connectionFault(e) !== null

function firstLine(s: string) {
  return s.trim().split('\n')[0].slice(0, 300)
}
