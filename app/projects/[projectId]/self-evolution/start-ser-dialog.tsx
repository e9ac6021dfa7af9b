'use client'
// "Start SER run" dialog: the seed reward model (train one on a share of the human labels, or an
// existing one), the selection thresholds and active statuses, rounds and the stop rule, the
// spot-check, experiment mode and auto-approval, the scoring backend, and (for a new seed) the train
// dialog's settings, which every later round's reward model reuses. Defaults are the server's (ser-config.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { BaseModelField, baseFromForm, type BaseChoice } from '../../../_components/base-model-field.tsx'
import { AdvancedFields, trainerSettings } from '../reward-models/train-dialog.tsx'

type Props = { projectId: string; admin: boolean; defaultName: string; onClose: () => void; onStarted: (runId: string) => void }
const n = (f: FormData, k: string) => Number(f.get(k))

export function StartSerDialog({ projectId, admin, defaultName, onClose, onStarted }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [seedKind, setSeedKind] = useState<'train' | 'existing'>('train')
  const [base, setBase] = useState<BaseChoice>('small')
  const [lora, setLora] = useState(false)
  const [experiment, setExperiment] = useState(false)
  const [statuses, setStatuses] = useState<(1 | 2)[]>([1, 2])
  const models = useQuery(trpc.rewardModels.list.queryOptions({ projectId }))
  const trained = (models.data ?? []).filter((m) => m.job.status === 'SUCCEEDED')
  const start = useMutation(trpc.ser.start.mutationOptions({
    onSuccess: (run) => {
      void qc.invalidateQueries(trpc.ser.list.queryFilter({ projectId }))
      onStarted(run.id)
    },
  }))

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const training = {
      base: baseFromForm(base, f),
      evalShare: n(f, 'evalShare') / 100, trainer: trainerSettings(f, lora),
    }
    start.mutate({
      projectId,
      config: {
        name: String(f.get('name')),
        seed: seedKind === 'train' ? { kind: 'train', humanShare: n(f, 'humanShare') / 100, training } : { kind: 'existing', rewardModelId: String(f.get('seedModel')) },
        thresholds: { tauLow: n(f, 'tauLow'), tauHigh: n(f, 'tauHigh'), tauDelta: n(f, 'tauDelta') },
        statuses: [...statuses].sort(),
        maxRounds: n(f, 'maxRounds'),
        stop: { minSelectedShare: n(f, 'minSelected') / 100, minAccuracyGain: n(f, 'minGain') / 100 },
        spotCheck: { share: n(f, 'spotShare') / 100, minimum: n(f, 'spotMin'), labelsPerPair: n(f, 'spotLabels') },
        experiment, autoApprove: experiment && f.get('autoApprove') === 'on',
        backend: String(f.get('backend')) as 'auto' | 'onnx' | 'trainer',
      },
    })
  }
  const toggle = (s: 1 | 2) => setStatuses(statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s])

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form train-dialog" aria-label="Start SER run" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>Start a self-evolution run</h2>
        <label>Name<input name="name" required maxLength={120} defaultValue={defaultName} autoFocus /></label>
        <fieldset className="form-fieldset">
          <legend>Seed reward model (round 1)</legend>
          <div className="row">
            <label className="field inline check-field"><input type="radio" name="seedKind" checked={seedKind === 'train'} onChange={() => setSeedKind('train')} /> Train one on a share of the human labels</label>
            <label className="field inline check-field"><input type="radio" name="seedKind" checked={seedKind === 'existing'} onChange={() => setSeedKind('existing')} disabled={trained.length === 0} /> Use an existing reward model</label>
          </div>
          {seedKind === 'train' ? (
            <div className="grid2 form-grid">
              <label>Human-label share (%)<input name="humanShare" type="number" min={1} max={100} step="any" defaultValue={15} required /><span className="small muted">the paper&apos;s seed is 15%; the rest of the pairs form the pool</span></label>
              <label>Held-out share (%)<input name="evalShare" type="number" min={2} max={50} step="any" defaultValue={10} required /><span className="small muted">human pairs every round&apos;s model is evaluated on</span></label>
            </div>
          ) : (
            <label>Reward model
              <select name="seedModel" required>{trained.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}</select>
              <span className="small muted">its settings and splits train every later round</span>
            </label>
          )}
        </fieldset>
        <fieldset className="form-fieldset">
          <legend>Selection (s = σ(reward) of each response)</legend>
          <div className="grid3 form-grid">
            <label>τ_low<input name="tauLow" type="number" min={0.01} max={0.99} step="any" defaultValue={0.45} required /><span className="small muted">below: a bad answer</span></label>
            <label>τ_high<input name="tauHigh" type="number" min={0.01} max={0.99} step="any" defaultValue={0.55} required /><span className="small muted">above: a good answer</span></label>
            <label>τ_Δ<input name="tauDelta" type="number" min={0.01} max={0.99} step="any" defaultValue={0.3} required /><span className="small muted">status 2: scores this far apart</span></label>
          </div>
          <div className="row">
            <label className="field inline check-field"><input type="checkbox" checked={statuses.includes(1)} onChange={() => toggle(1)} /> Status 1 (one above τ_high, the other below τ_low)</label>
            <label className="field inline check-field"><input type="checkbox" checked={statuses.includes(2)} onChange={() => toggle(2)} /> Status 2 (differ by more than τ_Δ)</label>
          </div>
        </fieldset>
        <div className="grid3 form-grid">
          <label>Maximum rounds<input name="maxRounds" type="number" min={1} max={50} step={1} defaultValue={4} required /></label>
          <label>Stop below (% of the pool selected)<input name="minSelected" type="number" min={0} max={100} step="any" defaultValue={1} required /></label>
          <label>Stop when accuracy gains less than (points)<input name="minGain" type="number" min={-100} max={100} step="any" defaultValue={0} required /></label>
          <label>Spot-check (% of a batch)<input name="spotShare" type="number" min={0} max={100} step="any" defaultValue={5} required /></label>
          <label>Spot-check at least (pairs)<input name="spotMin" type="number" min={0} max={10000} step={1} defaultValue={20} required /></label>
          <label>Labels per spot-checked pair<input name="spotLabels" type="number" min={1} max={10} step={1} defaultValue={1} required /></label>
        </div>
        <fieldset className="form-fieldset">
          <legend>Mode</legend>
          <label className="field inline check-field"><input type="checkbox" checked={experiment} onChange={(e) => setExperiment(e.target.checked)} /> Experiment mode <span className="small muted">(the pool&apos;s human labels are held back from training and the queue, and score every self-label)</span></label>
          <label className="field inline check-field" title={admin ? undefined : 'Only admins may start a run whose batches are approved without review'}>
            <input type="checkbox" name="autoApprove" disabled={!experiment || !admin} /> Approve batches automatically <span className="small muted">(experiment runs only, admins only; shown on every page of the run)</span>
          </label>
          <label>Scoring backend
            <select name="backend" defaultValue="auto">
              <option value="auto">automatic (the trainer on a GPU, else onnxruntime)</option>
              <option value="onnx">onnxruntime-node</option>
              <option value="trainer">the trainer (PyTorch)</option>
            </select>
          </label>
        </fieldset>
        {seedKind === 'train' && (
          <fieldset className="form-fieldset">
            <legend>Reward-model training (seed and every round)</legend>
            <BaseModelField base={base} setBase={setBase} />
            <AdvancedFields lora={lora} setLora={setLora} />
          </fieldset>
        )}
        {start.error && <p className="error" role="alert">{start.error.data?.zodIssues?.join('; ') || start.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={start.isPending || statuses.length === 0}>{start.isPending ? 'Starting…' : 'Start run'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          {statuses.length === 0 && <span className="small error">Pick at least one status.</span>}
        </div>
      </form>
    </div>
  )
}
