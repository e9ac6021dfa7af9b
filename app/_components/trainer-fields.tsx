'use client'
// Trainer settings in a launch dialog: each field's placeholder is the trainer's default and its title
// the reason written beside it in config.py (rewardModels.trainerSettings for the command). An empty
// field keeps the default; a field with choices is a select whose first option is the default.
import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '../trpc.ts'

export type TrainerField = { key: string; label: string; hint?: string; step?: number | 'any'; min?: number; max?: number }
type Command = 'train-rm' | 'sft' | 'ppo' | 'baselines' | 'policy-eval'

export function useTrainerDefaults(command: Command) {
  const trpc = useTRPC()
  const q = useQuery({ ...trpc.rewardModels.trainerSettings.queryOptions({ command }), staleTime: Infinity })
  const byKey = new Map(q.data?.overridable.map((s) => [s.key, s]) ?? [])
  return { seed: q.data?.seed, get: (key: string) => byKey.get(key) }
}

/** The filled fields as trainer overrides: numbers, booleans and choices (dotted keys). */
export function trainerOverrides(form: FormData, fields: TrainerField[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {}
  for (const f of fields) {
    const raw = String(form.get(f.key) ?? '').trim()
    if (raw === '') continue
    out[f.key] = raw === 'true' ? true : raw === 'false' ? false : Number.isFinite(Number(raw)) ? Number(raw) : raw
  }
  return out
}

export function TrainerFields({ command, fields, testId }: { command: Command; fields: TrainerField[]; testId?: string }) {
  const d = useTrainerDefaults(command)
  return (
    <div className="fields-grid" data-testid={testId}>
      {fields.map((f) => {
        const s = d.get(f.key)
        const title = `${f.key}: ${s?.reason ?? ''}`
        if (s?.choices || s?.type === 'bool') {
          const options = s.choices ?? ['true', 'false']
          return (
            <label key={f.key} title={title}>{f.label}
              <select name={f.key} defaultValue="">
                <option value="">{String(s.default)} (default)</option>
                {options.filter((o) => o !== String(s.default)).map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
              {f.hint && <span className="small muted">{f.hint}</span>}
            </label>
          )
        }
        return (
          <label key={f.key} title={title}>{f.label}
            <input name={f.key} type="number" step={f.step ?? 'any'} min={f.min} max={f.max} placeholder={s ? String(s.default) : ''} />
            {f.hint && <span className="small muted">{f.hint}</span>}
          </label>
        )
      })}
    </div>
  )
}
