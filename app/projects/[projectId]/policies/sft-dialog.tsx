'use client'
// "Train SFT policy" dialog: name, base model (a built-in GPT or a causal-LM folder), which labels
// pick the preferred responses it imitates (or an uploaded prompt/response file), the prompt split
// and, under Advanced, the trainer's SFT settings (empty = the trainer's default, shown in grey, with
// its reason on hover).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { BaseModelField, baseFromForm, type BaseChoice } from '../../../_components/base-model-field.tsx'
import { TrainerFields, trainerOverrides, type TrainerField } from '../../../_components/trainer-fields.tsx'
import { SftUploadField } from './sft-upload-field.tsx'
import { SplitFields, type Split } from './split-fields.tsx'

const ADVANCED: TrainerField[] = [
  { key: 'sft.lr', label: 'Learning rate', step: 'any', min: 1e-7, max: 1 },
  { key: 'sft.epochs', label: 'Epochs', hint: 'passes over the examples', step: 'any', min: 0.01, max: 100 },
  { key: 'sft.max_steps', label: 'Max steps', hint: '0 = from the epochs', step: 1, min: 0, max: 1_000_000 },
  { key: 'sft.batch_size', label: 'Batch size', step: 1, min: 1, max: 1024 },
  { key: 'sft.max_length', label: 'Max length', hint: 'tokens of prompt + response', step: 1, min: 16, max: 8192 },
  { key: 'sft.eval_every', label: 'Evaluate every', hint: 'steps between held-out loss and samples', step: 1, min: 1, max: 100_000 },
  { key: 'sft.samples', label: 'Samples', hint: 'held-out prompts completed at each evaluation', step: 1, min: 0, max: 64 },
  { key: 'generate.max_new_tokens', label: 'Sample length', hint: 'new tokens per sampled completion', step: 1, min: 1, max: 2048 },
]
type Source = 'HUMAN' | 'AI' | 'SELF' | 'UPLOAD'
const SOURCES: { value: Source; label: string; hint: string }[] = [
  { value: 'HUMAN', label: 'Human labels', hint: 'the human-majority winner of each pair' },
  { value: 'AI', label: 'AI judge labels', hint: "the judge's preferred response (RLAIF)" },
  { value: 'SELF', label: 'Self-labelled', hint: 'approved self-labelled batches' },
  { value: 'UPLOAD', label: 'An uploaded file', hint: 'prompt/response pairs of your own (JSON Lines)' },
]

type Props = { projectId: string; defaultName: string; onClose: () => void; onStarted: (policyId: string) => void }

export function SftDialog({ projectId, defaultName, onClose, onStarted }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [base, setBase] = useState<BaseChoice>('small')
  const [source, setSource] = useState<Source>('HUMAN')
  const [datasetId, setDatasetId] = useState('')
  const [split, setSplit] = useState<Split>({ evalShare: 0.1 })
  const project = useQuery(trpc.projects.get.queryOptions({ projectId }))
  const uploads = useQuery({ ...trpc.policies.sftDatasets.queryOptions({ projectId }), enabled: source === 'UPLOAD' })
  const start = useMutation(trpc.policies.startSft.mutationOptions({
    onSuccess: (p) => { void qc.invalidateQueries(trpc.policies.list.queryFilter({ projectId })); onStarted(p.id) },
  }))
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    start.mutate({
      projectId,
      config: {
        name: String(f.get('name')),
        base: baseFromForm(base, f),
        source,
        ...(source === 'UPLOAD' ? { datasetId } : {}),
        split,
        trainer: trainerOverrides(f, ADVANCED),
      },
    })
  }
  const counts = project.data?.labelsBySource ?? {}
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form" aria-label="Train SFT policy" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>Train an SFT policy</h2>
        <label>Name<input name="name" required maxLength={120} defaultValue={defaultName} autoFocus /></label>
        <BaseModelField base={base} setBase={setBase} folderHint="a causal language model folder on the server (config.json, weights, tokenizer), inside the model folders an admin set" />
        <fieldset className="form-fieldset">
          <legend>Imitate the responses of</legend>
          {SOURCES.map((s) => (
            <label key={s.value} className="radio-field">
              <input type="radio" name="source" checked={source === s.value} onChange={() => setSource(s.value)} />
              <span><strong>{s.label}</strong> <span className="muted">· {s.hint}{s.value !== 'UPLOAD' && <> · <span data-testid={`label-count-${s.value}`}>{project.data ? (counts[s.value] ?? 0).toLocaleString() : '…'} labels</span></>}</span></span>
            </label>
          ))}
          {source === 'UPLOAD' && <SftUploadField projectId={projectId} datasetId={datasetId} setDatasetId={setDatasetId} />}
        </fieldset>
        <SplitFields projectId={projectId} split={split} setSplit={setSplit}
          filePrompts={source === 'UPLOAD' ? (uploads.data?.find((d) => d.id === datasetId)?.prompts ?? null) : undefined} />
        <details className="rm-advanced">
          <summary>Advanced: SFT settings</summary>
          <p className="small muted">Empty fields keep the trainer&apos;s default, shown in grey; hover for why it is the default.</p>
          <TrainerFields command="sft" fields={ADVANCED} />
        </details>
        {start.error && <p className="error" role="alert">{start.error.data?.zodIssues?.join('; ') || start.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={start.isPending}>{start.isPending ? 'Starting…' : 'Start SFT'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
