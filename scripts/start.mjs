// `npm start`: everything from a fresh clone to a running platform (web app + worker) on the
// embedded PostgreSQL, or on DATABASE_URL when it is set. The web server and the worker are
// supervised: one that dies is restarted (with backoff, logged) while the other keeps running.
// Only Ctrl-C (SIGINT/SIGTERM/SIGHUP) stops it all; data is kept.
//   npm start                  production build, demo project seeded on the first run
//   npm start -- --dev         next dev instead of the production build
//   npm start -- --no-demo     no demo accounts or project (REWARDLAB_DEMO=0 does the same)
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { ensureNodeModules, ensureBuild, log, migrate, randomSecret, root } from './setup.mjs'
import { supervise } from './supervise.mjs'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
const dev = process.argv.includes('--dev')
const demo = !process.argv.includes('--no-demo') && process.env.REWARDLAB_DEMO !== '0'

ensureNodeModules()
// The trainer's Python environment (.venv): created or updated when requirements.txt changed.
;(await import('./setup-python.mjs')).ensurePythonEnv()
const { loadEnv, saveEnv } = await import('./env.mjs')
const external = Boolean(process.env.DATABASE_URL)
loadEnv()
const pgDataDir = path.join(root, '.pgdata')
if (!external) {
  const { startDb } = await import('./db.mjs')
  process.env.DATABASE_URL = await startDb({ dataDir: pgDataDir, port: Number(process.env.PGPORT_EMBEDDED ?? 55440), db: 'rewardlab' })
  saveEnv({ DATABASE_URL: process.env.DATABASE_URL })
}
if (!process.env.AUTH_SECRET) {
  process.env.AUTH_SECRET = randomSecret()
  saveEnv({ AUTH_SECRET: process.env.AUTH_SECRET })
}
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
log('applying database migrations…')
migrate(env)
if (demo) {
  const seed = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/seed.ts'], { cwd: root, stdio: 'inherit', env })
  if (seed.status !== 0) throw new Error('seeding the demo project failed')
}
if (!dev) ensureBuild({ ...env, NODE_ENV: 'production' })

const next = path.join(root, 'node_modules/next/dist/bin/next')
// Production: scripts/web.ts (Next.js behind one listener that answers /api/trpc directly).
const startWeb = () => dev
  ? spawn(process.execPath, [next, 'dev', '-p', String(port), '-H', host], { cwd: root, stdio: 'inherit', env })
  : spawn(process.execPath, ['--import', 'tsx', 'scripts/web.ts', '--port', String(port), '--host', host], { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } })
// One process (no tsx launcher in between), so a signal reaches the worker itself.
const startWorker = () => spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { cwd: root, stdio: 'inherit', env })
const services = [supervise('web server', startWeb, { log }), supervise('worker', startWorker, { log })]
log(`RewardLab is starting on http://${host}:${port}`)
if (demo) log('demo sign-ins (password "rewardlab-demo"): admin@demo.rewardlab, researcher@demo.rewardlab, annotator1@demo.rewardlab, annotator2@demo.rewardlab')

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  log('stopping…')
  // A referenced timer keeps the event loop alive until PostgreSQL is stopped below. The worker gets
  // longer: its running jobs save their state to continue on the next start.
  const keepAlive = setInterval(() => {}, 1000)
  await Promise.all([services[0].stop('SIGTERM', 15_000), services[1].stop('SIGTERM', 60_000)])
  if (!external) {
    try {
      (await import('./db.mjs')).stopDb({ dataDir: pgDataDir })
      log('PostgreSQL stopped; your data stays in .pgdata/')
    } catch (e) {
      console.error(`could not stop PostgreSQL: ${e.message}`)
    }
  }
  clearInterval(keepAlive)
  process.exit(0)
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop())
