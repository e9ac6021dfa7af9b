'use client'
// "Train reward model" dialog: name, base model, which labels teach it, the human-label share, the
// held-out share, ties and seed; under Advanced the trainer's main hyperparameters, empty meaning the
// trainer's default. Defaults, seed and reasons come from the trainer's config.py (rewardModels.trainerSettings).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { BaseModelField, baseFromForm, type BaseChoice } from '../../../_components/base-model-field.tsx'
import { TrainerFields, trainerOverrides, useTrainerDefaults, type TrainerField } from '../../../_components/trainer-fields.tsx'

/** The hyperparameters offered (labels and input ranges); their defaults and reasons are the trainer's. */
const ADVANCED: TrainerField[] = [
  { key: 'train.lr', label: 'Learning rate', hint: 'about 2e-5 for large pretrained folders', step: 'any', min: 1e-7, max: 1 },
  { key: 'train.epochs', label: 'Epochs', hint: 'passes over the training pairs', step: 'any', min: 0.01, max: 100 },
  { key: 'train.batch_size', label: 'Batch size', hint: 'pairs per step', step: 1, min: 1, max: 1024 },
  { key: 'model.max_length', label: 'Max length', hint: 'tokens per prompt + response, cut on the left', step: 1, min: 8, max: 4096 },
  { key: 'train.max_steps', label: 'Max steps', hint: '0 = from the epochs; more caps the run', step: 1, min: 0, max: 1_000_000 },
  { key: 'train.eval_every', label: 'Evaluate every', hint: 'steps between held-out evaluations', step: 1, min: 1, max: 100_000 },
  { key: 'train.warmup_steps', label: 'Warm-up steps', hint: 'linear warm-up before cosine decay', step: 1, min: 0, max: 100_000 },
  { key: 'train.weight_decay', label: 'Weight decay', hint: 'AdamW', step: 'any', min: 0, max: 1 },
]

const LORA: TrainerField[] = [
  { key: 'model.lora.r', label: 'LoRA rank', step: 1, min: 1, max: 256 },
  { key: 'model.lora.alpha', label: 'LoRA alpha', step: 1, min: 1, max: 1024 },
]

type Props = { projectId: string; defaultName: string; onClose: () => void; onStarted: (rewardModelId: string) => void }
type Source = 'HUMAN' | 'AI' | 'SELF'

/** The trainer overrides the form holds: filled fields only (dotted keys); LoRA on when its box is. */
export function trainerSettings(f: FormData, lora: boolean) {
  const trainer: Record<string, number | string | boolean> = trainerOverrides(f, [...ADVANCED, ...(lora ? LORA : [])])
  if (lora) trainer['model.lora.enabled'] = true
  return trainer
}

export function TrainDialog({ projectId, defaultName, onClose, onStarted }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [base, setBase] = useState<BaseChoice>('small')
  const [humanShare, setHumanShare] = useState(100)
  const [sources, setSources] = useState<Source[]>(['HUMAN'])
  const [lora, setLora] = useState(false)
  const train = useMutation(trpc.rewardModels.train.mutationOptions({
    onSuccess: (rm) => {
      void qc.invalidateQueries(trpc.rewardModels.list.queryFilter({ projectId }))
      onStarted(rm.id)
    },
  }))

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    train.mutate({
      projectId,
      config: {
        name: String(f.get('name')),
        base: baseFromForm(base, f),
        sources,
        humanShare: humanShare / 100,
        evalShare: Number(f.get('evalShare')) / 100,
        ties: String(f.get('ties')) as 'drop' | 'half',
        seed: Number(f.get('seed')),
        trainer: trainerSettings(f, lora),
      },
    })
  }

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form train-dialog" aria-label="Train reward model" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>Train a reward model</h2>
        <label>Name<input name="name" required maxLength={120} defaultValue={defaultName} autoFocus /></label>
        <BaseModelField base={base} setBase={setBase} />
        <LabelSourcesField projectId={projectId} sources={sources} setSources={setSources} />
        <SplitFields humanShare={humanShare} setHumanShare={setHumanShare} humanOn={sources.includes('HUMAN')} />
        <AdvancedFields lora={lora} setLora={setLora} />
        {train.error && <p className="error" role="alert">{train.error.data?.zodIssues?.join('; ') || train.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={train.isPending || sources.length === 0}>{train.isPending ? 'Starting…' : 'Start training'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          {sources.length === 0 && <span className="small error">Pick at least one label source.</span>}
        </div>
      </form>
    </div>
  )
}

function LabelSourcesField({ projectId, sources, setSources }: { projectId: string; sources: Source[]; setSources: (s: Source[]) => void }) {
  const trpc = useTRPC()
  const project = useQuery(trpc.projects.get.queryOptions({ projectId }))
  const counts = project.data?.labelsBySource ?? {}
  const toggle = (s: Source) => setSources(sources.includes(s) ? sources.filter((x) => x !== s) : [...sources, s])
  return (
    <fieldset className="form-fieldset">
      <legend>Label sources</legend>
      <div className="row">
        {(['HUMAN', 'AI', 'SELF'] as const).map((s) => (
          <label key={s} className="field inline check-field">
            <input type="checkbox" checked={sources.includes(s)} onChange={() => toggle(s)} />
            {s === 'HUMAN' ? 'Human' : s === 'AI' ? 'AI judge' : 'Self-labelled'}
            <span className="muted small" data-testid={`label-count-${s}`}>({project.data ? (counts[s] ?? 0).toLocaleString() : '…'} labels)</span>
          </label>
        ))}
      </div>
      <p className="small muted">Where a pair has several kinds of label, the human majority wins; AI and self labels train as soft probabilities.</p>
    </fieldset>
  )
}

function SplitFields({ humanShare, setHumanShare, humanOn }: { humanShare: number; setHumanShare: (v: number) => void; humanOn: boolean }) {
  const { seed } = useTrainerDefaults('train-rm')
  return (
    <div className="grid2 form-grid">
      <label>Human-label share
        <span className="row rm-share">
          <input type="range" min={1} max={100} value={humanShare} disabled={!humanOn} onChange={(e) => setHumanShare(Number(e.target.value))} aria-label="Human-label share slider" />
          <input type="number" min={1} max={100} value={humanShare} disabled={!humanOn} onChange={(e) => setHumanShare(Math.min(100, Math.max(1, Number(e.target.value) || 1)))} aria-label="Human-label share (%)" className="rm-pct" />%
        </span>
        <span className="small muted">of the human-labelled training pairs (SER&apos;s seed set uses 15%)</span>
      </label>
      <label>Held-out share (%)
        <input name="evalShare" type="number" min={2} max={50} step="any" defaultValue={10} required />
        <span className="small muted">human-majority pairs kept for evaluation, never trained on</span>
      </label>
      <label>Ties
        <select name="ties" defaultValue="drop">
          <option value="drop">drop them</option>
          <option value="half">train towards P = 0.5</option>
        </select>
      </label>
      <label>Seed
        {/* keyed by the default, so the field shows the trainer's seed once it has loaded */}
        <input key={String(seed?.default)} name="seed" type="number" min={0} max={2 ** 31 - 1} step={1} defaultValue={seed ? Number(seed.default) : undefined} required title={seed?.reason} />
        <span className="small muted">same seed and settings, same splits and run</span>
      </label>
    </div>
  )
}

export function AdvancedFields({ lora, setLora }: { lora: boolean; setLora: (on: boolean) => void }) {
  return (
    <details className="rm-advanced">
      <summary>Advanced: trainer hyperparameters</summary>
      <p className="small muted">Empty fields keep the trainer&apos;s default, shown in grey.</p>
      <TrainerFields command="train-rm" fields={ADVANCED} />
      <label className="field inline check-field"><input type="checkbox" checked={lora} onChange={(e) => setLora(e.target.checked)} /> LoRA adapters <span className="small muted">(off: full fine-tuning; for large Hugging Face folders)</span></label>
      {lora && <TrainerFields command="train-rm" fields={LORA} />}
    </details>
  )
}
