// Server keys for judges (a judge config's `apiKeyRef`): an admin puts a key in the server's
// environment as REWARDLAB_JUDGE_KEY_<NAME> and binds it to the one origin it may be sent to with
// REWARDLAB_JUDGE_KEY_<NAME>_URL; a researcher's judge then names <NAME> instead of storing a key.
// Only that prefix can be named, so a judge cannot send AUTH_SECRET or DATABASE_URL anywhere, and the
// binding keeps a judge that uses the shared key from being pointed at another host. Names and
// origins may be listed to researchers; values never leave the worker.

const PREFIX = 'REWARDLAB_JUDGE_KEY_'
const NAME = /^[A-Z0-9][A-Z0-9_]{0,63}$/

export type KeyRef = { name: string; origin: string }
type Env = Record<string, string | undefined>

/** A reference as stored: the short name, whether it was given with or without the prefix. */
export function keyRefName(ref: string): string {
  return ref.startsWith(PREFIX) ? ref.slice(PREFIX.length) : ref
}

export class KeyRefError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'KeyRefError'
  }
}

const origin = (url: string): string | null => {
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null
  } catch {
    return null
  }
}

/** Every usable server key: set, non-empty, and bound to a valid origin. Sorted by name. */
export function listKeyRefs(env: Env = process.env): KeyRef[] {
  const refs: KeyRef[] = []
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(PREFIX) || key.endsWith('_URL') || !value) continue
    const name = key.slice(PREFIX.length)
    const bound = origin(env[`${key}_URL`] ?? '')
    if (NAME.test(name) && bound) refs.push({ name, origin: bound })
  }
  return refs.sort((a, b) => a.name.localeCompare(b.name))
}

/** The key `ref` names, if it may be sent to `baseUrl`; otherwise a KeyRefError saying why not. */
export function resolveKeyRef(ref: string, baseUrl: string, env: Env = process.env): string {
  const name = keyRefName(ref)
  if (!NAME.test(name)) throw new KeyRefError(`"${ref}" is not a server key name: use the <NAME> of a ${PREFIX}<NAME> variable (capitals, digits, _)`)
  const value = env[`${PREFIX}${name}`]
  if (!value || name.endsWith('_URL')) throw new KeyRefError(`there is no server key ${name}: an admin sets ${PREFIX}${name} and ${PREFIX}${name}_URL`)
  const bound = origin(env[`${PREFIX}${name}_URL`] ?? '')
  if (!bound) throw new KeyRefError(`the server key ${name} is not bound to an endpoint: an admin sets ${PREFIX}${name}_URL to the origin it may be sent to`)
  const target = origin(baseUrl)
  if (target !== bound) throw new KeyRefError(`the server key ${name} may be sent only to ${bound}, not to ${target ?? baseUrl}`)
  return value
}
