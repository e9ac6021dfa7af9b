// Writes the trainer's settings (workers/trainer config.py: keys, types, defaults, choices, reasons)
// to server/services/reward-models/trainer-settings.json, the one source the web app's forms and its
// check of overrides read. Run after changing config.py: `npm run gen:trainer-settings`; the trainer's
// tests fail while the file is stale.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { root } from './setup.mjs'

const out = path.join(root, 'server', 'services', 'reward-models', 'trainer-settings.json')
const python = process.env.REWARDLAB_PYTHON ?? path.join(root, '.venv', 'bin', 'python')
const r = spawnSync(python, ['-m', 'rewardlab_trainer', 'describe-config', '--out', out], {
  cwd: path.join(root, 'workers', 'trainer'), stdio: 'inherit', env: { ...process.env, PYTHONPATH: path.join(root, 'workers', 'trainer') },
})
if (r.status !== 0) process.exit(r.status ?? 1)
console.log(`wrote ${path.relative(root, out)}`)
