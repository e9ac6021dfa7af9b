'use client'
// "Set up RLHF vs RLAIF": the preset's settings with their defaults and reasons, and the list of the
// runs one click queues. Each run then has its own page; the compare page shows them together.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { BaseModelField, baseFromForm, type BaseChoice } from '../../../_components/base-model-field.tsx'
import { TrainerFields, trainerOverrides, type TrainerField } from '../../../_components/trainer-fields.tsx'

const PPO_FIELDS: TrainerField[] = [
  { key: 'ppo.total_steps', label: 'PPO iterations', hint: 'rollout + update, per PPO run', step: 1, min: 1 },
  { key: 'ppo.kl_coef', label: 'KL coefficient β', step: 'any', min: 0 },
]
const RM_FIELDS: TrainerField[] = [{ key: 'train.epochs', label: 'Reward-model epochs', step: 1, min: 1 }]

type Props = { projectId: string; aiJudgeName: string; onClose: () => void; onStarted: (policyIds: string[]) => void }

export function PresetDialog({ projectId, aiJudgeName, onClose, onStarted }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const judges = useQuery(trpc.judges.list.queryOptions({ projectId }))
  const [base, setBase] = useState<BaseChoice>('small')
  const start = useMutation(trpc.experiments.startRlhfVsRlaif.mutationOptions({
    onSuccess: (r) => { void qc.invalidateQueries(trpc.compare.runs.queryFilter()); onStarted([r.sftId, r.ppoHumanId, r.ppoAiId]) },
  }))
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const judge = String(f.get('judgeId'))
    start.mutate({
      projectId,
      config: {
        aiJudgeName,
        base: baseFromForm(base, f),
        heldOutShare: Number(f.get('heldOutShare')), seed: Number(f.get('seed')), evalShare: Number(f.get('evalShare')),
        rewardMode: f.get('rewardMode') === 'contrastive' ? 'contrastive' : 'plain',
        judgeId: judge || null, harmJudgeId: judge || null,
        ppoTrainer: trainerOverrides(f, PPO_FIELDS), rmTrainer: trainerOverrides(f, RM_FIELDS),
      },
    })
  }
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form" aria-label="Set up RLHF vs RLAIF" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>Set up RLHF vs RLAIF</h2>
        <p className="small">One click queues, on the PandaLM pairs only: <strong>RM human</strong> (the three annotators&apos; majority) and{' '}
          <strong>RM AI</strong> ({aiJudgeName}&apos;s labels) on the same part of the pairs, <strong>RM held-out</strong> on the human labels of the rest,
          one <strong>SFT</strong> policy, <strong>PPO</strong> against each of RM human and RM AI, and an <strong>evaluation</strong> of the three
          policies (each PPO run against SFT, and head to head). Every job waits for its inputs, so the worker runs them in turn.</p>
        <BaseModelField base={base} setBase={setBase} folderHint="a causal LM folder on the server: every reward model and the SFT policy start from it" />
        <div className="form-grid">
          <label>Held-out share <span className="muted small">of the pairs, for RM held-out only: the arms never see its labels</span>
            <input name="heldOutShare" type="number" min={0.1} max={0.9} step="any" defaultValue={0.5} required />
          </label>
          <label>Evaluation prompts share <span className="muted small">PandaLM has 170 prompts: 0.2 holds out about 34</span>
            <input name="evalShare" type="number" min={0.05} max={0.5} step="any" defaultValue={0.2} required />
          </label>
          <label>Seed <span className="muted small">every split, initialisation and sample</span><input name="seed" type="number" min={0} step={1} defaultValue={1337} required /></label>
          <label>PPO reward <span className="muted small">plain, as the paper; contrastive subtracts baselines</span>
            <select name="rewardMode" defaultValue="plain"><option value="plain">plain (default)</option><option value="contrastive">contrastive</option></select>
          </label>
          <label>AI judge for the evaluation <span className="muted small">optional: win rates and harmless rate by a judge too</span>
            <select name="judgeId" defaultValue="" aria-label="AI judge for the evaluation">
              <option value="">none: the held-out reward model only</option>
              {(judges.data?.judges ?? []).map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
            </select>
          </label>
        </div>
        <TrainerFields command="ppo" fields={PPO_FIELDS} />
        <TrainerFields command="train-rm" fields={RM_FIELDS} />
        {start.error && <p className="error" role="alert">{start.error.data?.zodIssues?.join('; ') || start.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={start.isPending}>{start.isPending ? 'Starting…' : 'Start the experiment'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
