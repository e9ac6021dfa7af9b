// Reads .env into process.env (without overriding what is already set) and writes keys back to it.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const envFile = path.join(root, '.env')

function parse() {
  if (!fs.existsSync(envFile)) return {}
  const out = {}
  for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
    const m = line.match(/^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/)
    if (m) out[m[1]] = m[2]
  }
  return out
}
export function loadEnv() {
  for (const [k, v] of Object.entries(parse())) process.env[k] ??= v
}
export function saveEnv(values) {
  const merged = { ...parse(), ...values }
  fs.writeFileSync(envFile, Object.entries(merged).map(([k, v]) => `${k}="${v}"`).join('\n') + '\n', { mode: 0o600 })
}
