// The settings of the picked runs side by side: what each run was trained from (kind, tag, base model,
// SFT policy, reward model, by name), its stored config as dotted keys, and for a trainer setting that
// only some runs changed, the trainer's default for the others (marked as a default: the trainer's
// current one, which is what a run that did not set it used unless the default changed since).
import { diffConfigs, flattenConfig, type ConfigValue } from '../../lib/config-diff.ts'
import { overrideProblem, trainerSetting, type TrainerCommand } from '../reward-models/trainer-settings.ts'
import type { CompareRun } from './compare-runs-select.ts'

// Ids name other rows (shown by name above); the run's own name is the column header.
const HIDDEN = new Set(['name', 'policyId', 'rewardModelId'])

/** The trainer's default for a key the command lets a run change; undefined when it has none for it. */
function defaultFor(command: TrainerCommand, key: string): ConfigValue | undefined {
  let v: unknown
  try {
    v = trainerSetting(key).default
  } catch {
    return undefined // a key this trainer no longer has
  }
  if (overrideProblem(command, key, v) !== null) return undefined // not a setting of this command (a PPO key on an SFT run)
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as ConfigValue) : undefined
}

export function compareRunConfigs(runs: (CompareRun & { config: unknown })[]) {
  const flat = runs.map((r) => {
    const own = Object.fromEntries(Object.entries(flattenConfig(r.config)).filter(([k]) => !HIDDEN.has(k)))
    return {
      kind: r.kind,
      tag: r.tag,
      'base model': r.baseModel ? (r.baseModel.source === 'BUILTIN' ? `built-in ${r.baseModel.ref}` : r.baseModel.name) : null,
      'SFT policy': r.parent?.name ?? null,
      'reward model': r.rewardModel?.name ?? null,
      ...own,
    } as Record<string, ConfigValue>
  })
  const trainerKeys = new Set(flat.flatMap((f) => Object.keys(f).filter((k) => k.startsWith('trainer.'))))
  const defaulted = flat.map(() => new Set<string>())
  flat.forEach((f, i) => {
    const command: TrainerCommand = runs[i].kind === 'SFT' ? 'sft' : 'ppo'
    for (const key of trainerKeys) {
      if (key in f) continue
      const v = defaultFor(command, key.slice('trainer.'.length))
      if (v !== undefined) { f[key] = v; defaulted[i].add(key) }
    }
  })
  const rows = diffConfigs(flat).map((row) => ({ ...row, defaulted: defaulted.map((d) => d.has(row.key)) }))
  // The identity rows first, in their order; then the stored settings by key.
  const head = ['kind', 'tag', 'base model', 'SFT policy', 'reward model']
  return [...head.map((k) => rows.find((r) => r.key === k)!), ...rows.filter((r) => !head.includes(r.key))]
}
