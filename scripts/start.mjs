// `npm start`: everything from a fresh clone to a running platform (web app + worker) on the
// embedded PostgreSQL, or on DATABASE_URL when it is set. Ctrl-C stops it all; data is kept.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { ensureNodeModules, ensureBuild, log, migrate, randomSecret, root } from './setup.mjs'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
const dev = process.argv.includes('--dev')

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
const seed = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/seed.ts'], { cwd: root, stdio: 'inherit', env })
if (seed.status !== 0) throw new Error('seeding the demo project failed')
if (!dev) ensureBuild({ ...env, NODE_ENV: 'production' })

const next = path.join(root, 'node_modules/next/dist/bin/next')
const children = [
  // Production: scripts/web.ts (Next.js behind one listener that answers /api/trpc directly).
  dev
    ? spawn(process.execPath, [next, 'dev', '-p', String(port), '-H', host], { cwd: root, stdio: 'inherit', env })
    : spawn(process.execPath, ['--import', 'tsx', 'scripts/web.ts', '--port', String(port), '--host', host], { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } }),
  // One process (no tsx launcher in between), so a signal reaches the worker itself.
  spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { cwd: root, stdio: 'inherit', env }),
]
log(`RewardLab is starting on http://${host}:${port}`)
log('demo sign-ins (password "rewardlab-demo"): admin@demo.rewardlab, researcher@demo.rewardlab, annotator1@demo.rewardlab, annotator2@demo.rewardlab')

let stopping = false
const alive = (c) => c.exitCode === null && c.signalCode === null

async function stop(code = 0) {
  if (stopping) return
  stopping = true
  log('stopping…')
  // Ctrl-C in a terminal also signals the children directly; some may be gone already.
  const exits = children.filter(alive).map((c) => new Promise((r) => c.once('exit', r)))
  for (const c of children) if (alive(c)) c.kill('SIGTERM')
  // A referenced timer: it also keeps the event loop alive until PostgreSQL is stopped below.
  let timer
  const timeout = new Promise((r) => { timer = setTimeout(r, 15_000) })
  await Promise.race([Promise.all(exits), timeout])
  clearTimeout(timer)
  for (const c of children) if (alive(c)) c.kill('SIGKILL')
  if (!external) {
    try {
      (await import('./db.mjs')).stopDb({ dataDir: pgDataDir })
      log('PostgreSQL stopped; your data stays in .pgdata/')
    } catch (e) {
      console.error(`could not stop PostgreSQL: ${e.message}`)
    }
  }
  process.exit(code)
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop())
for (const c of children) c.on('exit', (code) => { if (!stopping) { log(`a process exited (${code}); stopping`); void stop(code ?? 1) } })
