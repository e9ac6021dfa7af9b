// The trainer's settings as data: trainer-settings.json, generated from workers/trainer config.py
// (`npm run gen:trainer-settings`; a trainer test fails while it is stale). Forms take their
// defaults and hints from here, and a researcher's overrides are checked against it, key by key.
import settings from './trainer-settings.json' with { type: 'json' }

export type TrainerCommand = keyof typeof settings.overridable
export type TrainerSetting = { key: string; type: string; default: unknown; choices: string[] | null; reason: string }

const BY_KEY = new Map((settings.settings as TrainerSetting[]).map((s) => [s.key, s]))
const OVERRIDABLE = Object.fromEntries(Object.entries(settings.overridable).map(([c, keys]) => [c, new Set(keys)])) as Record<TrainerCommand, Set<string>>

export function trainerSetting(key: string): TrainerSetting {
  const s = BY_KEY.get(key)
  if (!s) throw new Error(`"${key}" is not a trainer setting (workers/trainer config.py)`)
  return s
}

export const trainerSettings = (): readonly TrainerSetting[] => settings.settings as TrainerSetting[]

export const trainerDefault = <T = unknown>(key: string) => trainerSetting(key).default as T

/** Why `value` cannot override `key` for `command`, or null when it can. */
export function overrideProblem(command: TrainerCommand, key: string, value: unknown): string | null {
  const s = BY_KEY.get(key)
  if (!s || !OVERRIDABLE[command].has(key)) return `"${key}" is not a trainer setting that can be changed here`
  const base = s.type.replace(/\?$/, '')
  if (value === null && s.type.endsWith('?')) return null
  if (base === 'int' && !Number.isInteger(value)) return `"${key}" must be a whole number`
  if (base === 'float' && (typeof value !== 'number' || !Number.isFinite(value))) return `"${key}" must be a number`
  if (base === 'bool' && typeof value !== 'boolean') return `"${key}" must be true or false`
  if (base === 'str' && typeof value !== 'string') return `"${key}" must be text`
  if (s.choices && !s.choices.includes(value as string)) return `"${key}" must be one of ${s.choices.join(', ')}`
  return null
}
