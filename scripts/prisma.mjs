// Runs the Prisma CLI with the timer preload (the WASM schema engine otherwise lingers 10-60 s)
// and DATABASE_URL from .env. Usage: node scripts/prisma.mjs migrate deploy
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadEnv } from './env.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export function prisma(args, env = process.env) {
  const r = spawnSync(process.execPath, ['-r', path.join(root, 'scripts/prisma-unref-timers.cjs'),
    path.join(root, 'node_modules/prisma/build/index.js'), ...args],
  { cwd: root, stdio: 'inherit', env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1' } })
  if (r.status !== 0) throw new Error(`prisma ${args.join(' ')} failed (exit ${r.status})`)
}
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadEnv()
  try { prisma(process.argv.slice(2)) } catch (e) { console.error(e.message); process.exit(1) }
}
