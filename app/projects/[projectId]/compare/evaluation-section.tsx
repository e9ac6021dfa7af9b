'use client'
// The compare page's evaluations of the picked runs: those that compare any of them (newest first,
// live while they run), a button that evaluates exactly the picked runs, and the chosen one's results.
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { isActiveJob } from '../../../_components/job-status-badge.tsx'
import { JobRowStatus } from '../../../_components/job-row-status.tsx'
import { EvaluationDialog } from './evaluation-dialog.tsx'
import { EvaluationResults } from './evaluation-results.tsx'

export function EvaluationSection({ projectId, policyIds }: { projectId: string; policyIds: string[] }) {
  const trpc = useTRPC()
  const [open, setOpen] = useState(false)
  const [chosen, setChosen] = useState<string | null>(null)
  const list = useQuery({
    ...trpc.evaluations.list.queryOptions({ projectId, policyIds }),
    refetchInterval: (q) => (q.state.data?.some((e) => isActiveJob(e.job.status)) ? 2000 : false),
  })
  const policies = useQuery(trpc.policies.list.queryOptions({ projectId }))
  // In the order they were picked: the first is policy A of every comparison and the matrix's first row.
  const picked = policyIds.map((id) => policies.data?.policies.find((p) => p.id === id)).filter((p) => p !== undefined)
  const evals = list.data ?? []
  const current = evals.find((e) => e.id === chosen) ?? evals[0]
  const detail = useQuery({
    ...trpc.evaluations.get.queryOptions({ evalId: current?.id ?? '', offset: 0, limit: 5 }), // the same key as the completions' first page: one request,
    enabled: !!current,
    // Its own job's status decides: the summary is written before the job succeeds, so the last poll has it.
    refetchInterval: (q) => (isActiveJob(q.state.data?.job.status) ? 2000 : false),
  })
  const ready = picked.length >= 2 && picked.every((p) => p.trained && p.job.status === 'SUCCEEDED')
  return (
    <section className="stack" data-testid="evaluation-section">
      <div className="row">
        <h2>Evaluation</h2>
        <button className="btn btn-primary" disabled={!ready} onClick={() => setOpen(true)} title={ready ? '' : 'pick two or more finished runs'}>Evaluate these runs</button>
      </div>
      {evals.length === 0 && <p className="muted">No evaluation of these runs yet. An evaluation generates with every picked run on the same held-out prompts and compares them pairwise by an AI judge and a held-out reward model, as the RLAIF paper reports win rates.</p>}
      {evals.length > 0 && (
        <table className="table" data-testid="evaluation-list">
          <thead><tr><th>Evaluation</th><th>Runs</th><th>Status</th></tr></thead>
          <tbody>
            {evals.map((e) => (
              <tr key={e.id} className={e.id === current?.id ? 'selected' : ''}>
                <td><button className="link" onClick={() => setChosen(e.id)}>{e.name}</button></td>
                <td className="small">{e.policies.map((p) => p.name).join(', ')}</td>
                <td><JobRowStatus job={e.job} label="Evaluation progress" /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {detail.data && detail.data.summary && <EvaluationResults ev={detail.data} />}
      {open && (
        <EvaluationDialog projectId={projectId} policyIds={picked.map((p) => p.id)} policyNames={picked.map((p) => p.name)}
          trainedRmIds={picked.map((p) => p.rewardModel?.id).filter((x): x is string => !!x)}
          onClose={() => setOpen(false)} onStarted={(id) => { setOpen(false); setChosen(id) }} />
      )}
    </section>
  )
}
