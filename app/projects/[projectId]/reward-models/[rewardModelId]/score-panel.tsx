'use client'
// "Score all pairs": runs the model over every pair of the project (a SCORE_PAIRS job with its own
// progress), then pages through r(A), r(B) and P(A) beside the human majority, with how often the
// model agrees with it — on all pairs, and on the held-out pairs it never trained on (the split stored
// at training time, which the page names).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useEffectEvent, useState } from 'react'
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'
import { useTRPC } from '../../../../trpc.ts'
import { useJobProgress } from '../../../../_components/job-progress.tsx'
import { JobProgressBar } from '../../../../_components/job-panel.tsx'
import { isActiveJob, JobStatusBadge } from '../../../../_components/job-status-badge.tsx'
import { num, pct } from '../../../../_components/format.ts'

type Props = { rewardModelId: string; exported: boolean; scoreJobId: string | null; scoredPairs: number; pairCount: number }

export function ScorePanel({ rewardModelId, exported, scoreJobId, scoredPairs, pairCount }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [page, setPage] = useState(1)
  const run = useJobProgress(scoreJobId)
  const refresh = () => {
    void qc.invalidateQueries(trpc.rewardModels.get.queryFilter({ rewardModelId }))
    void qc.invalidateQueries(trpc.rewardModels.scores.queryFilter())
  }
  const start = useMutation(trpc.rewardModels.startScoring.mutationOptions({ onSuccess: refresh }))
  const running = isActiveJob(run.job?.status)
  // A finished run changes the scores: fetch them again once.
  const finished = run.job && !running ? run.job.status : null
  const onFinished = useEffectEvent(refresh)
  useEffect(() => { if (finished) onFinished() }, [finished])
  const scores = useQuery({ ...trpc.rewardModels.scores.queryOptions({ rewardModelId, page }), enabled: scoredPairs > 0, placeholderData: keepPreviousData })
  const data = scores.data
  return (
    <section className="card" data-testid="score-panel">
      <div className="job-head">
        <h2>Scores on every pair</h2>
        {run.job && <JobStatusBadge status={run.job.status} testId="score-status" />}
        <span className="spacer" />
        <button type="button" className="btn btn-primary" disabled={!exported || running || start.isPending} onClick={() => start.mutate({ rewardModelId })}>
          {scoredPairs ? 'Score all pairs again' : 'Score all pairs'}
        </button>
      </div>
      {!exported && <p className="muted small">Available once training has succeeded and the model is exported.</p>}
      {exported && !run.job && <p className="muted small">Scores r(prompt + response) for both responses of all {pairCount.toLocaleString()} pairs of the project, on the server (ONNX).</p>}
      {start.error && <p className="error small">{start.error.message}</p>}
      {run.error && <p className="error small" role="alert">Could not refresh the scoring job: {run.error}</p>}
      {run.job && (running || run.job.status === 'FAILED') && <JobProgressBar job={run.job} />}
      {run.job?.status === 'FAILED' && <pre className="job-error">{run.job.error}</pre>}
      {data && data.total > 0 && <ScoresPage data={data} page={page} setPage={setPage} pairCount={pairCount} />}
    </section>
  )
}

type ScoresData = inferRouterOutputs<AppRouter>['rewardModels']['scores']

/** The agreement numbers, one page of scored pairs, and the pager. */
function ScoresPage({ data, page, setPage, pairCount }: { data: ScoresData; page: number; setPage: (p: number) => void; pairCount: number }) {
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize))
  return (
    <>
      <div className="rm-agreement" data-testid="score-accuracy">
        <div><span className="v">{pct(data.accuracy.all.accuracy)}</span> agreement with the human majority <span className="muted">on {data.accuracy.all.pairs.toLocaleString()} scored pairs that have one</span></div>
        <div><span className="v">{pct(data.accuracy.heldOut.accuracy)}</span> on held-out pairs only <span className="muted">({data.accuracy.heldOut.pairs.toLocaleString()} never trained on)</span></div>
        <div className="muted small" data-testid="reference-note">{data.reference.note}</div>
        <div className="muted small" data-testid="heldout-source">
          {data.heldOutSplit.source === 'stored'
            ? `Held out: the ${data.heldOutSplit.pairs?.toLocaleString()} pairs the trainer evaluated on, stored when the model was trained; pairs labelled since never count as held-out.`
            : 'Held out: recomputed from the model\'s seed (it was trained before held-out pairs were stored), so pairs labelled since it trained may count.'}
        </div>
        <div className="muted small">{data.total.toLocaleString()} of {pairCount.toLocaleString()} pairs scored</div>
      </div>
      <table className="rm-scores" data-testid="scores-table">
        <thead>
          <tr><th className="num">#</th><th>Pair</th><th className="num">r(A)</th><th className="num">r(B)</th><th className="num">P(A)</th><th>Human</th><th>Agrees</th></tr>
        </thead>
        <tbody>
          {data.rows.map((r, i) => (
            <tr key={r.pairId}>
              <td className="num muted">{((page - 1) * data.pageSize + i + 1).toLocaleString()}</td>
              <td className="rm-pair">
                <div className="rm-pair-prompt">{r.prompt}</div>
                <div><span className="side-badge side-a">A</span> {r.responseA}</div>
                <div><span className="side-badge side-b">B</span> {r.responseB}</div>
              </td>
              <td className="num">{num(r.scoreA)}</td>
              <td className="num">{num(r.scoreB)}</td>
              <td className="num"><ProbabilityBar p={r.probabilityA} /></td>
              <td className="nowrap">
                {r.humanMajority === 'A' || r.humanMajority === 'B'
                  ? <span className={`side-badge side-${r.humanMajority.toLowerCase()}`} title={`the human majority prefers ${r.humanMajority}`}>{r.humanMajority}</span>
                  : <span className="muted" title={r.humanMajority ? 'tie' : 'no human majority'}>{r.humanMajority === 'TIE' ? 'tie' : '–'}</span>}
                {r.heldOut && <div className="badge rm-heldout" title="held out from training: the model never saw this pair">held-out</div>}
              </td>
              <td>{r.agrees === null ? <span className="muted">–</span> : r.agrees ? <span className="ok">✓</span> : <span className="error">✗</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row rm-pager">
        <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>← Previous</button>
        <span className="small muted">page {page} of {pages}</span>
        <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next →</button>
      </div>
    </>
  )
}

/** P(A preferred) as a number over a split bar: blue share A, orange share B. */
export function ProbabilityBar({ p }: { p: number }) {
  return (
    <div className="rm-pbar" title={`P(A preferred) = ${p.toFixed(3)}`}>
      <span>{pct(p, 0)}</span>
      <div className="rm-pbar-track"><div style={{ width: `${100 * p}%` }} /></div>
    </div>
  )
}
