// Prisma 6.19 CLI with the npm-shipped WASM schema engine (engine: 'js'), so migrate works offline.
// Workarounds for adapter-pg 6.19.3 (see shared notes/stack.md):
// 1. prisma/orm#27403: pg_catalog columns of type `name` (19) / `"char"` (18) cannot be deserialized: report TEXT.
// 2. the shadow-DB pool is built as {...config, database}: hand discrete fields, not a connection string.
// 3. the adapter drops the shadow DB before closing its pool: close first, then drop.
// 4. executeScript splits a migration on every ";" (inside $$ function bodies and comments too):
//    send each script whole instead (the simple query protocol runs multi-statement scripts, in one
//    implicit transaction).
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'

const TEXTLIKE = new Set([18, 19])
type AnyQuery = (this: pg.Pool, ...args: unknown[]) => Promise<{ fields?: { dataTypeID: number }[] } | undefined>
const origQuery = pg.Pool.prototype.query as unknown as AnyQuery
;(pg.Pool.prototype as unknown as { query: AnyQuery }).query = async function (this: pg.Pool, ...args: unknown[]) {
  const res = await origQuery.apply(this, args)
  for (const f of res?.fields ?? []) if (TEXTLIKE.has(f.dataTypeID)) f.dataTypeID = 25
  return res
}
// `generate` needs a resolvable URL even though it never connects.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres'
const u = new URL(process.env.DATABASE_URL)
const pgConfig: pg.PoolConfig = {
  host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username),
  password: decodeURIComponent(u.password) || undefined, database: u.pathname.slice(1),
  allowExitOnIdle: true, idleTimeoutMillis: 500,
}
type Conn = Awaited<ReturnType<PrismaPg['connect']>>
function wholeScripts(conn: Conn): Conn {
  // The adapter's client and error mapper are protected: reached through a typed view of the object.
  const c = conn as unknown as { client: pg.Pool; onError: (e: unknown) => never; executeScript: (script: string) => Promise<void> }
  c.executeScript = async (script: string) => {
    try {
      await c.client.query(script)
    } catch (error) {
      c.onError(error)
    }
  }
  return conn
}
class PrismaPgMigrate extends PrismaPg {
  async connect() {
    return wholeScripts(await super.connect())
  }
  async connectToShadowDb() {
    const conn = await this.connect()
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`
    await conn.executeScript(`CREATE DATABASE "${database}"`)
    const shadow = wholeScripts(await new PrismaPg({ ...pgConfig, database }).connect())
    const dispose = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await dispose()
      await conn.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      await conn.dispose()
    }
    return shadow
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaPgMigrate(pgConfig),
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
})
