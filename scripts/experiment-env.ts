// What every experiment script starts with: its own throw-away embedded PostgreSQL and data folder
// under tmp/<name>/<time>/ (so two experiments can run side by side), migrated, and an admin to act as.
import path from 'node:path'
// @ts-expect-error plain JS module (the start and test scripts' own)
import { startDb, stopDb } from './db.mjs'
// @ts-expect-error plain JS module
import { migrate, root } from './setup.mjs'

export async function startExperimentEnv(name: string, portBase: number) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const work = path.join(root as string, 'tmp', name, stamp)
  const pgDir = path.join(work, 'pg')
  process.env.DATABASE_URL = await startDb({ dataDir: pgDir, port: portBase + Math.floor(Math.random() * 40), db: name.replace(/-/g, '_') })
  process.env.REWARDLAB_DATA_DIR = path.join(work, 'data')
  migrate(process.env)
  // Imported only now: the database client reads DATABASE_URL when it loads.
  const { createUser } = await import('../server/services/users/create-user.ts')
  const u = await createUser(null, { email: `${name}-${stamp}@rewardlab.local`, name: `${name} experiment`, role: 'ADMIN', password: `x-${stamp}-password` })
  const admin = { id: u.id, role: u.role, name: u.name, email: u.email }
  return { stamp, work, root: root as string, admin, stop: () => stopDb({ dataDir: pgDir }) }
}
