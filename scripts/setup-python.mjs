// Creates the project-local Python environment for the trainer (workers/trainer): <repo>/.venv with the
// pinned workers/trainer/requirements.txt. Re-installs only when the requirements file changed (its hash is
// kept in .venv/rewardlab-requirements.sha256). `npm start` / `npm test` call ensurePythonEnv(); running
// `node scripts/setup-python.mjs` does the same by hand. No dependencies: Node 20 built-ins only.
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const requirements = path.join(root, 'workers', 'trainer', 'requirements.txt')
const MIN_PYTHON = [3, 10]

function log(msg) {
  console.log(`[rewardlab] ${msg}`)
}

/** The first python3 on PATH (or $PYTHON) that is >= 3.10; a readable error otherwise. */
function findPython() {
  const candidates = [process.env.PYTHON, 'python3', 'python3.12', 'python3.11', 'python3.10', 'python'].filter(Boolean)
  for (const exe of candidates) {
    const r = spawnSync(exe, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' })
    if (r.error || r.status !== 0) continue
    const [major, minor] = r.stdout.trim().split('.').map(Number)
    if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return exe
  }
  throw new Error(
    `python3 >= ${MIN_PYTHON.join('.')} was not found on PATH (needed for the trainer in workers/trainer). ` +
    'Install it (Debian/Ubuntu: apt-get install python3 python3-venv) or set PYTHON to its path.',
  )
}

function run(exe, args, env) {
  const r = spawnSync(exe, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env })
  if (r.error) throw new Error(`${exe} ${args.join(' ')} could not start: ${r.error.message}`)
  if (r.status !== 0) throw new Error(`${exe} ${args.join(' ')} failed (exit ${r.status})`)
}

/**
 * Makes sure <repo>/.venv exists with the pinned trainer requirements and returns its python path.
 * @param {{ venvDir?: string, quiet?: boolean }} [opts]
 * @returns {string} absolute path of the venv's python
 */
export function ensurePythonEnv(opts = {}) {
  const venv = opts.venvDir ?? path.join(root, '.venv')
  const python = process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python')
  const stamp = path.join(venv, 'rewardlab-requirements.sha256')
  const hash = crypto.createHash('sha256').update(fs.readFileSync(requirements)).digest('hex')
  if (fs.existsSync(python) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === hash) return python

  const started = Date.now()
  if (!fs.existsSync(python)) {
    const system = findPython()
    log(`creating the Python environment ${path.relative(root, venv) || venv} with ${system}…`)
    run(system, ['-m', 'venv', venv], process.env)
  } else {
    log('trainer requirements changed: updating the Python environment…')
  }
  // The public index may be unreachable (offline machines with a local package store): without
  // PIP_RETRIES=0 pip retries it for minutes before using what it has.
  const env = { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? '0', PIP_DISABLE_PIP_VERSION_CHECK: '1' }
  log('installing the trainer requirements (torch, transformers, onnxruntime…); the first time takes a minute or more…')
  run(python, ['-m', 'pip', 'install', '--quiet', '-r', requirements], env)
  fs.writeFileSync(stamp, hash + '\n')
  log(`Python environment ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${python}`)
  return python
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const python = ensurePythonEnv()
    log(`python: ${python}`)
  } catch (e) {
    console.error(`[rewardlab] ${e.message}`)
    process.exit(1)
  }
}
