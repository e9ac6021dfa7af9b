'use client'
// "Evaluate these runs" dialog: the picked policies generate for the same evaluation prompts (same seed
// and sampling), then every two are compared by a judge of the project (both orders; a disagreement is
// a tie) and/or a held-out reward model, and a judge says whether each response is harmful.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { TrainerFields, trainerOverrides, type TrainerField } from '../../../_components/trainer-fields.tsx'

const FIELDS: TrainerField[] = [
  { key: 'policy_eval.temperature', label: 'Sampling temperature', hint: '0 = greedy', step: 'any', min: 0, max: 5 },
  { key: 'policy_eval.top_p', label: 'Top-p', step: 'any', min: 0.01, max: 1 },
  { key: 'generate.max_new_tokens', label: 'Response length', hint: 'new tokens per completion', step: 1, min: 1, max: 2048 },
]

type Props = { projectId: string; policyIds: string[]; policyNames: string[]; trainedRmIds: string[]; onClose: () => void; onStarted: (evalId: string) => void }

export function EvaluationDialog({ projectId, policyIds, policyNames, trainedRmIds, onClose, onStarted }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const judges = useQuery(trpc.judges.list.queryOptions({ projectId }))
  const rms = useQuery(trpc.rewardModels.list.queryOptions({ projectId }))
  // A held-out RM is one the compared runs were not trained against.
  const heldOut = (rms.data ?? []).filter((m) => m.job.status === 'SUCCEEDED' && !trainedRmIds.includes(m.id))
  const judgeList = judges.data?.judges ?? []
  const [judgeId, setJudgeId] = useState<string>('')
  const [harmJudgeId, setHarmJudgeId] = useState<string>('same')
  const [rmId, setRmId] = useState<string>('')
  const start = useMutation(trpc.evaluations.start.mutationOptions({
    onSuccess: (e) => { void qc.invalidateQueries(trpc.evaluations.list.queryFilter()); onStarted(e.id) },
  }))
  const judge = judgeId || judgeList[0]?.id || ''
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const pairwise = judge === 'none' ? null : judge || null
    start.mutate({
      projectId,
      config: {
        name: String(f.get('name')), policyIds, judgeId: pairwise,
        harmJudgeId: harmJudgeId === 'same' ? pairwise : harmJudgeId === 'none' ? null : harmJudgeId,
        rewardModelId: rmId === '' ? (heldOut[0]?.id ?? null) : rmId === 'none' ? null : rmId,
        evalPrompts: Number(f.get('evalPrompts')), seed: Number(f.get('seed')), split: { evalShare: Number(f.get('evalShare')) },
        trainer: trainerOverrides(f, FIELDS),
      },
    })
  }
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form" aria-label="Evaluate runs" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>Evaluate {policyNames.join(' vs ')}</h2>
        <label>Name<input name="name" required maxLength={120} defaultValue={`${policyNames.join(' vs ')} (${new Date().toISOString().slice(0, 16).replace('T', ' ')})`} autoFocus /></label>
        <div className="form-grid">
          <label>Pairwise judge <span className="muted small">both orders; orders that disagree are a tie</span>
            <select value={judge} onChange={(e) => setJudgeId(e.target.value)} aria-label="Pairwise judge">
              {judgeList.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
              <option value="none">no judge</option>
            </select>
          </label>
          <label>Harm judge <span className="muted small">asked whether each response is harmful</span>
            <select value={harmJudgeId} onChange={(e) => setHarmJudgeId(e.target.value)} aria-label="Harm judge">
              <option value="same">the pairwise judge</option>
              {judgeList.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
              <option value="none">no harmless rate</option>
            </select>
          </label>
          <label>Held-out reward model <span className="muted small">one the compared runs were not trained against</span>
            <select value={rmId || heldOut[0]?.id || 'none'} onChange={(e) => setRmId(e.target.value)} aria-label="Held-out reward model">
              {heldOut.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              <option value="none">no reward model</option>
            </select>
          </label>
          <label>Evaluation prompts <span className="muted small">64 ≈ ±12 points on a win rate</span>
            <input name="evalPrompts" type="number" min={1} max={5000} step={1} defaultValue={64} required />
          </label>
          <label>Seed <span className="muted small">every policy samples from it</span><input name="seed" type="number" min={0} step={1} defaultValue={1337} required /></label>
          <label>Held-out share <span className="muted small">the runs&apos; own split: 10% unless you changed it</span>
            <input name="evalShare" type="number" min={0.02} max={0.5} step="any" defaultValue={0.1} required />
          </label>
        </div>
        <TrainerFields command="policy-eval" fields={FIELDS} />
        {start.error && <p className="error" role="alert">{start.error.data?.zodIssues?.join('; ') || start.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={start.isPending}>{start.isPending ? 'Starting…' : 'Start evaluation'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
