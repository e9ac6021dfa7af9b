// Shared steps of `npm start` and `npm test`: install what is missing, bring up the database,
// apply migrations. Every install step lives here so a fresh clone needs nothing else.
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export function log(msg) {
  console.log(`\x1b[36m[rewardlab]\x1b[0m ${msg}`)
}

/** npm install when node_modules is missing or older than package.json / package-lock.json. */
export function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json')
  const newest = Math.max(...['package.json', 'package-lock.json'].map((f) => {
    try { return fs.statSync(path.join(root, f)).mtimeMs } catch { return 0 }
  }))
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= newest) return
  log('installing npm packages (first run)…')
  // onnxruntime-node's postinstall downloads CUDA libraries and fails offline: skip it (CPU works).
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  })
  if (r.status !== 0) throw new Error('npm install failed')
}

/** Debian's chromium for the Playwright tests (never `npx playwright install`: it downloads a browser). */
export function ensureChromium() {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (fs.existsSync(exe)) return exe
  if (process.getuid?.() !== 0) throw new Error(`Chromium not found at ${exe}: install it (apt-get install chromium) or set CHROMIUM_PATH`)
  log('installing chromium from Debian packages…')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  return exe
}

export function prismaCli(args, env) {
  const r = spawnSync(process.execPath, ['-r', path.join(root, 'scripts/prisma-unref-timers.cjs'),
    path.join(root, 'node_modules/prisma/build/index.js'), ...args],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1' } })
  if (r.status !== 0) {
    process.stdout.write(r.stdout)
    throw new Error(`prisma ${args.join(' ')} failed (exit ${r.status})`)
  }
}

export function migrate(env) {
  prismaCli(['generate'], env)
  prismaCli(['migrate', 'deploy'], env)
}

export function randomSecret() {
  return crypto.randomBytes(32).toString('base64url')
}

/** Hash of everything `next build` reads, so a rebuild happens only when sources changed. */
export function sourceHash() {
  const h = crypto.createHash('sha256')
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) { if (e.name !== 'generated') walk(p) } else { h.update(p); h.update(fs.readFileSync(p)) }
    }
  }
  for (const d of ['app', 'server', 'prisma']) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d))
  for (const f of ['next.config.ts', 'proxy.ts', 'package.json', 'tsconfig.json']) h.update(fs.readFileSync(path.join(root, f)))
  return h.digest('hex')
}

export function ensureBuild(env) {
  const stamp = path.join(root, env.NEXT_DIST_DIR ?? '.next', 'rewardlab-source-hash')
  const hash = sourceHash()
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return
  log('building the web app (next build)…')
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit', env })
  if (r.status !== 0) throw new Error('next build failed')
  fs.writeFileSync(stamp, hash)
}
