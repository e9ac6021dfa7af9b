'use client'
// "Benchmarks" on a reward model's page: evaluate the model on a benchmark set (an EVAL_RM job,
// followed in its row while it runs) and read, per set, accuracy per subset with its 95% interval
// beside the length baselines. Sets are made here too (from a project's pairs, or a file).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'
import { useTRPC } from '../../../../trpc.ts'
import { JobRowStatus } from '../../../../_components/job-row-status.tsx'
import { isActiveJob, JobStatusBadge } from '../../../../_components/job-status-badge.tsx'
import { whenText } from '../../../../_components/format.ts'
import { BenchmarkLegend, BenchmarkTable } from '../benchmark-table.tsx'
import { NewBenchmarkDialog } from './new-benchmark-dialog.tsx'

type Row = inferRouterOutputs<AppRouter>['benchmarks']['results'][number]

export function BenchmarkPanel({ rewardModelId, projectId, exported }: { rewardModelId: string; projectId: string; exported: boolean }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [setId, setSetId] = useState('')
  const [creating, setCreating] = useState(false)
  const sets = useQuery(trpc.benchmarks.list.queryOptions())
  const results = useQuery({
    ...trpc.benchmarks.results.queryOptions({ rewardModelId }),
    refetchInterval: (q) => (q.state.data?.some((r) => isActiveJob(r.job.status)) ? 1500 : false),
  })
  const evaluate = useMutation(trpc.benchmarks.evaluate.mutationOptions({
    onSuccess: () => void qc.invalidateQueries(trpc.benchmarks.results.queryFilter({ rewardModelId })),
  }))
  const rows = results.data ?? []
  const chosen = setId || sets.data?.[0]?.id || ''
  const running = rows.some((r) => r.set.id === chosen && isActiveJob(r.job.status))
  return (
    <section className="card" data-testid="benchmark-panel">
      <div className="job-head"><h2>Benchmarks</h2></div>
      <p className="small muted">
        Accuracy on pairs kept apart from every project (another project&apos;s pairs, copied, or a benchmark file such as RewardBench),
        beside what always preferring the longer or the shorter response would score. Results are kept per set.
      </p>
      <div className="row bench-controls">
        <label className="field">Benchmark set
          <select value={chosen} onChange={(e) => setSetId(e.target.value)} aria-label="Benchmark set" disabled={!sets.data?.length}>
            {!sets.data?.length && <option value="">no sets yet</option>}
            {sets.data?.map((s) => <option key={s.id} value={s.id}>{s.name} · {s.pairCount.toLocaleString('en')} pairs · {s.subsets.length} {s.subsets.length === 1 ? 'subset' : 'subsets'}</option>)}
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={!exported || !chosen || running || evaluate.isPending} onClick={() => evaluate.mutate({ rewardModelId, setId: chosen })}>
          {rows.some((r) => r.set.id === chosen) ? 'Evaluate again' : 'Evaluate'}
        </button>
        <button type="button" className="btn" onClick={() => setCreating(true)}>New benchmark set…</button>
      </div>
      {!exported && <p className="muted small">Available once training has succeeded and the model is exported.</p>}
      {evaluate.error && <p className="error small" role="alert">{evaluate.error.message}</p>}
      {results.error && <p className="error small">{results.error.message}</p>}
      {rows.map((r) => <SetResult key={r.id} row={r} />)}
      {rows.some((r) => r.results) && <BenchmarkLegend />}
      {creating && <NewBenchmarkDialog defaultProjectId={projectId} onClose={() => setCreating(false)} onCreated={(id) => setSetId(id)} />}
    </section>
  )
}

function sourceText(set: Row['set']) {
  if (set.source === 'PROJECT') return `copied from ${set.sourceProject?.name ?? 'a deleted project'}`
  return `from ${set.filename ?? 'a file'}${set.template === 'HUMAN_ASSISTANT' ? ', wrapped as Human / Assistant dialogues' : ''}`
}

function SetResult({ row }: { row: Row }) {
  const active = isActiveJob(row.job.status)
  return (
    <div className="bench-set" data-testid="bench-set" data-set={row.set.name}>
      <div className="job-head">
        <h3>{row.set.name}</h3>
        <JobStatusBadge status={row.job.status} testId="bench-status" />
        <span className="small muted">{row.set.pairCount.toLocaleString('en')} pairs, {sourceText(row.set)}{row.results ? ` · evaluated ${whenText(row.updatedAt)}` : ''}</span>
      </div>
      {(active || row.job.status === 'FAILED' || row.job.status === 'CANCELLED') && (
        <JobRowStatus job={row.job} label={`Evaluation on ${row.set.name}`} wide testId="bench-progress" />
      )}
      {row.fromTrainingProject && <p className="small warn">Copied from the project this model trained on: it may have trained on some of these pairs, which flatters its accuracy.</p>}
      {row.results && <BenchmarkTable results={row.results} testId="bench-table" />}
    </div>
  )
}
