'use client'
// "Run PPO" dialog: the SFT policy it starts from (also its KL reference), the reward model, plain
// or contrastive rewards (k baseline samples per prompt, reused across runs) or d-RLAIF (an AI judge
// rates every rollout; the reward model is then optional and only starts the value model), the
// prompt split, and under Advanced the trainer's PPO settings (empty = the trainer's default,
// reason on hover).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { pct } from '../../../_components/format.ts'
import { TrainerFields, trainerOverrides, type TrainerField } from '../../../_components/trainer-fields.tsx'
import { SplitFields, type Split } from './split-fields.tsx'
import type { PolicyRow } from './types.ts'

const MAIN: TrainerField[] = [
  { key: 'ppo.total_steps', label: 'Iterations', hint: 'rollout + update rounds', step: 1, min: 1, max: 1_000_000 },
  { key: 'ppo.rollout_batch_size', label: 'Rollouts per iteration', step: 1, min: 2, max: 4096 },
  { key: 'ppo.kl_coef', label: 'KL coefficient β', hint: 'penalty per token for leaving the SFT policy', step: 'any', min: 0, max: 10 },
  { key: 'ppo.kl_estimator', label: 'KL estimator' },
  { key: 'ppo.target_kl', label: 'Target KL', hint: '0 = fixed β; else β adapts towards it', step: 'any', min: 0, max: 100 },
  { key: 'ppo.lr', label: 'Learning rate', step: 'any', min: 1e-8, max: 1 },
  { key: 'generate.max_new_tokens', label: 'Response length', hint: 'new tokens per rollout', step: 1, min: 1, max: 2048 },
]
const MORE: TrainerField[] = [
  { key: 'ppo.ppo_epochs', label: 'PPO epochs', step: 1, min: 1, max: 64 },
  { key: 'ppo.mini_batches', label: 'Minibatches', step: 1, min: 1, max: 1024 },
  { key: 'ppo.grad_accumulation', label: 'Gradient accumulation', step: 1, min: 1, max: 1024 },
  { key: 'ppo.cliprange', label: 'Policy clip', step: 'any', min: 0.01, max: 1 },
  { key: 'ppo.cliprange_value', label: 'Value clip', step: 'any', min: 0.01, max: 10 },
  { key: 'ppo.vf_coef', label: 'Value loss weight', step: 'any', min: 0, max: 10 },
  { key: 'ppo.gamma', label: 'γ', step: 'any', min: 0, max: 1 },
  { key: 'ppo.lam', label: 'GAE λ', step: 'any', min: 0, max: 1 },
  { key: 'ppo.missing_eos_penalty', label: 'No-EOS penalty', hint: 'subtracted when a response runs out of length', step: 'any', min: 0, max: 100 },
  { key: 'ppo.baseline_aggregate', label: 'Baseline aggregate' },
  { key: 'ppo.value_init', label: 'Value model from' },
  { key: 'ppo.whiten_advantages', label: 'Whiten advantages' },
  { key: 'ppo.whiten_rewards', label: 'Whiten rewards' },
  { key: 'generate.temperature', label: 'Rollout temperature', step: 'any', min: 0.05, max: 5 },
  { key: 'generate.top_p', label: 'Rollout top-p', step: 'any', min: 0.01, max: 1 },
  { key: 'ppo.eval_every', label: 'Evaluate every', hint: 'iterations between held-out samples', step: 1, min: 1, max: 100_000 },
  { key: 'ppo.eval_prompts', label: 'Held-out prompts sampled', step: 1, min: 0, max: 256 },
  { key: 'ppo.kl_horizon', label: 'KL controller horizon', step: 1, min: 1, max: 10_000_000 },
]

type Props = { projectId: string; policies: PolicyRow[]; defaultName: string; onClose: () => void; onStarted: (policyId: string) => void }
type Mode = 'contrastive' | 'plain' | 'drlaif'

export function PpoDialog({ projectId, policies, defaultName, onClose, onStarted }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const usable = policies.filter((p) => !['FAILED', 'CANCELLED'].includes(p.job.status))
  const [policyId, setPolicyId] = useState(usable[0]?.id ?? '')
  const rms = useQuery(trpc.rewardModels.list.queryOptions({ projectId }))
  const trained = (rms.data ?? []).filter((m) => m.job.status === 'SUCCEEDED')
  const [rmId, setRmId] = useState('')
  const [mode, setMode] = useState<Mode>('contrastive')
  const judges = useQuery(trpc.judges.list.queryOptions({ projectId }))
  const [judgeId, setJudgeId] = useState('')
  const judge = (judges.data?.judges ?? []).find((j) => j.id === (judgeId || judges.data?.judges[0]?.id))
  const drlaif = mode === 'drlaif'
  const [split, setSplit] = useState<Split>({ evalShare: 0.1 })
  const [trainPrompts, setTrainPrompts] = useState(0)
  const start = useMutation(trpc.policies.startPpo.mutationOptions({
    onSuccess: (p) => { void qc.invalidateQueries(trpc.policies.list.queryFilter({ projectId })); onStarted(p.id) },
  }))
  const policy = usable.find((p) => p.id === policyId)
  // d-RLAIF needs no reward model: none unless one is picked (then it starts the value model).
  const rm = trained.find((m) => m.id === (drlaif ? rmId : rmId || trained[0]?.id))
  const otherBase = policy && rm && policy.baseModel && rm.baseModel.id !== policy.baseModel.id
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    start.mutate({
      projectId,
      config: {
        name: String(f.get('name')), policyId, rewardModelId: rm?.id, rewardMode: mode, judgeId: drlaif ? judge?.id : undefined,
        k: mode === 'contrastive' ? Number(f.get('k')) : undefined, split, trainPrompts,
        trainer: trainerOverrides(f, [...MAIN, ...MORE]),
      },
    })
  }
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form" aria-label="Run PPO" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>Run PPO</h2>
        <label>Name<input name="name" required maxLength={120} defaultValue={defaultName} autoFocus /></label>
        <div className="form-grid">
          <label>Start from (SFT policy, also the KL reference)
            <select value={policyId} onChange={(e) => setPolicyId(e.target.value)} aria-label="SFT policy" required>
              {usable.map((p) => <option key={p.id} value={p.id}>{p.name}{p.job.status === 'SUCCEEDED' ? '' : ` (${p.job.status.toLowerCase()}: PPO waits for it)`}</option>)}
            </select>
          </label>
          <label>Reward model{drlaif ? ' (optional: starts the value model)' : ''}
            <select value={rm?.id ?? ''} onChange={(e) => setRmId(e.target.value)} aria-label="Reward model" required={!drlaif}>
              {drlaif && <option value="">none: the value model starts from the policy</option>}
              {!drlaif && trained.length === 0 && <option value="">no trained reward model yet</option>}
              {trained.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.headline['eval/accuracy'] !== null ? `${pct(m.headline['eval/accuracy'], 0)} held-out accuracy` : 'trained'})</option>)}
            </select>
          </label>
        </div>
        {otherBase && <p className="small warn" data-testid="value-init-note">This reward model has another base model than the policy: set &ldquo;Value model from&rdquo; under Advanced to <code>policy</code>, since the value model can only start from the reward model when both share a tokenizer.</p>}
        <fieldset className="form-fieldset">
          <legend>Rewards</legend>
          <label className="radio-field"><input type="radio" name="mode" checked={mode === 'contrastive'} onChange={() => setMode('contrastive')} />
            <span><strong>Contrastive</strong> (default) <span className="muted">· r(x, y) minus the mean score of k SFT samples for the same prompt (arXiv 2403.07708); the baselines are sampled once and reused</span></span></label>
          <label className="radio-field"><input type="radio" name="mode" checked={mode === 'plain'} onChange={() => setMode('plain')} />
            <span><strong>Plain</strong> <span className="muted">· r(x, y) as the reward model gives it</span></span></label>
          <label className="radio-field"><input type="radio" name="mode" checked={drlaif} onChange={() => setMode('drlaif')} />
            <span><strong>d-RLAIF (AI judge rating)</strong> <span className="muted">· the judge rates each response 1–10 on its own, Σ i·P(i) rescaled to [−1, 1], with no reward model (arXiv 2309.00267); one judge call per rollout and per held-out sample</span></span></label>
          {drlaif && (
            <label className="inline">AI judge
              <select value={judge?.id ?? ''} onChange={(e) => setJudgeId(e.target.value)} aria-label="AI judge" required>
                {judges.data?.judges.length === 0 && <option value="">no judge in this project yet</option>}
                {(judges.data?.judges ?? []).map((j) => <option key={j.id} value={j.id}>{j.name} (v{j.version}, {j.config.provider.kind === 'openai' ? j.config.provider.model : 'local ONNX'})</option>)}
              </select>
            </label>
          )}
          {drlaif && <p className="small muted" data-testid="drlaif-note">The worker asks the judge, with its rate limit, retries and price; its key never reaches the trainer. The judge&apos;s preamble and sampling are used, its pairwise settings are not. Without a reward model the value model starts from the policy.</p>}
          {mode === 'contrastive' && <label className="inline">Baseline samples per prompt (k) <input name="k" type="number" min={1} max={32} step={1} defaultValue={4} required className="rm-pct" /></label>}
        </fieldset>
        <SplitFields projectId={projectId} split={split} setSplit={setSplit} trainPrompts={trainPrompts} setTrainPrompts={setTrainPrompts} />
        <details className="rm-advanced" open>
          <summary>PPO settings</summary>
          <p className="small muted">Empty fields keep the trainer&apos;s default, shown in grey; hover for why it is the default.</p>
          <TrainerFields command="ppo" fields={MAIN} testId="ppo-main-fields" />
          <details>
            <summary className="small">More settings</summary>
            <TrainerFields command="ppo" fields={MORE} />
          </details>
        </details>
        {start.error && <p className="error" role="alert">{start.error.data?.zodIssues?.join('; ') || start.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={start.isPending || !policy || (drlaif ? !judge : !rm)}>{start.isPending ? 'Starting…' : 'Start PPO'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          {!drlaif && trained.length === 0 && rms.data && <span className="small error">Train a reward model first (Reward models tab), or choose d-RLAIF.</span>}
          {drlaif && judges.data?.judges.length === 0 && <span className="small error">Add an AI judge first (Judges tab).</span>}
        </div>
      </form>
    </div>
  )
}
