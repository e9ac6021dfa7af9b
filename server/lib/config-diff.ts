// The configuration diff of the compare page: each run's settings flattened to dotted keys
// (`split.seed`, `trainer.ppo.learning_rate`), then one row per key with every run's value and
// whether they differ. Pure, no imports (the server computes it; the page and the CSV read it).

export type ConfigValue = string | number | boolean | null
export type ConfigRow = { key: string; values: (ConfigValue | undefined)[]; differs: boolean }

/** Nested objects become dotted keys; arrays are one value (their JSON), so `sources` reads as one setting. */
export function flattenConfig(value: unknown, prefix = ''): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {}
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    if (prefix) out[prefix] = toValue(value)
    return out
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenConfig(v, key))
    else out[key] = toValue(v)
  }
  return out
}

function toValue(v: unknown): ConfigValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  return JSON.stringify(v)
}

/** Rows in key order: differing when any two runs' values differ (a key a run lacks differs from any value). */
export function diffConfigs(configs: Record<string, ConfigValue>[]): ConfigRow[] {
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))].sort()
  return keys.map((key) => {
    const values = configs.map((c) => (key in c ? c[key] : undefined))
    const first = JSON.stringify(values[0] ?? '\u0000missing')
    return { key, values, differs: values.some((v) => JSON.stringify(v ?? '\u0000missing') !== first) }
  })
}
