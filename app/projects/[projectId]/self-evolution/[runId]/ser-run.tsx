'use client'
// An SER run's page: status and settings (experiment mode and auto-approval marked), what it is doing
// now, the per-round charts, and one row per round: its reward model, the pool, what each status
// selected, the batch with its spot-check agreement ± 95% interval, and the held-out accuracy.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { useTRPC } from '../../../../trpc.ts'
import { IntervalBar } from '../../../../_components/interval-bar.tsx'
import { isActiveJob } from '../../../../_components/job-status-badge.tsx'
import { JobRowStatus } from '../../../../_components/job-row-status.tsx'
import { pct, whenText } from '../../../../_components/format.ts'
import { batchText, SerRunBadges } from '../ser-badges.tsx'
import type { SerRoundRow, SerRunDetail } from '../types.ts'
import { RoundCharts } from './round-charts.tsx'

const running = (r: SerRunDetail) => r.status === 'ACTIVE' && r.rounds.some((x) => isActiveJob(x.job.status) || isActiveJob(x.rewardModel.job.status))

export function SerRun({ projectId, runId }: { projectId: string; runId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  // Spot-check labels arrive while a batch waits: keep refreshing an active run.
  const q = useQuery({ ...trpc.ser.get.queryOptions({ runId }), refetchInterval: (s) => (s.state.data?.status === 'ACTIVE' ? (running(s.state.data) ? 2000 : 5000) : false) })
  const stop = useMutation(trpc.ser.stop.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.ser.get.queryFilter({ runId })) }))
  if (q.error) return <div className="card"><p className="error">{q.error.message}</p></div>
  if (!q.data) return <p className="muted">Loading…</p>
  const run = q.data
  const c = run.config
  const base = `/projects/${projectId}`
  return (
    <div>
      <p className="small"><Link href={`${base}/self-evolution`}>← Self-evolution</Link></p>
      <div className="card">
        <div className="row job-head">
          <h1>{run.name}</h1>
          <SerRunBadges run={run} />
          <span className="spacer" />
          {run.status === 'ACTIVE' && (
            <button type="button" className="btn" disabled={stop.isPending} onClick={() => { if (confirm('Stop this run? A batch awaiting review stays unapproved.')) stop.mutate({ runId, reason: '' }) }}>Stop run</button>
          )}
        </div>
        {run.endReason && <p data-testid="ser-end-reason"><strong>{run.status === 'FINISHED' ? 'Finished' : 'Stopped'}:</strong> {run.endReason}</p>}
        {stop.error && <p className="error" role="alert">{stop.error.message}</p>}
        <p className="small muted">
          Started {whenText(run.createdAt)} by {run.createdBy.name}. τ_low {c.thresholds.tauLow}, τ_high {c.thresholds.tauHigh}, τ_Δ {c.thresholds.tauDelta};
          statuses {c.statuses.join(' and ')}; at most {c.maxRounds} rounds; stops below {pct(c.stop.minSelectedShare)} of the pool selected or a held-out gain under {(100 * c.stop.minAccuracyGain).toFixed(1)} points;
          spot-check {pct(c.spotCheck.share)} of a batch (at least {c.spotCheck.minimum} pairs, {c.spotCheck.labelsPerPair} label{c.spotCheck.labelsPerPair > 1 ? 's' : ''} each); scoring: {c.backend}.
          {c.seed.kind === 'train' ? ` Seed: ${pct(c.seed.humanShare, 0)} of the human labels.` : ' Seed: an existing reward model.'}
        </p>
        {run.experiment && <p className="small notice-warn">Experiment mode: the pool&apos;s human labels are hidden from training and from the annotation queue; they score the self-labels below.</p>}
        {run.autoApprove && <p className="small notice-warn">Auto-approval: every batch of this run was approved by the run itself, without a spot-check or an admin&apos;s review.</p>}
        {run.reference && (
          <p className="small">Reference: <Link href={`${base}/reward-models/${run.reference.id}`}>{run.reference.name}</Link>, the same settings on 100% of the human labels: {run.reference.job.status === 'SUCCEEDED' ? <strong>{pct(run.reference.accuracy)}</strong> : <JobRowStatus job={run.reference.job} label="Reference training" />}</p>
        )}
      </div>
      <RoundCharts run={run} />
      <div className="card table-card">
        <h3>Rounds</h3>
        <table className="data-table" data-testid="ser-rounds">
          <thead><tr><th className="num">Round</th><th>Reward model</th><th className="progress-col">Status</th><th className="num">Pool</th><th className="num">Status 1</th><th className="num">Status 2</th><th>Selected by</th><th>Batch</th><th>Spot-check agreement</th>{run.experiment && <th>Hidden-label accuracy</th>}<th className="num">Held-out accuracy</th></tr></thead>
          <tbody>{run.rounds.map((r) => <RoundRow key={r.id} r={r} run={run} base={base} />)}</tbody>
        </table>
      </div>
    </div>
  )
}

function RoundRow({ r, run, base }: { r: SerRoundRow; run: SerRunDetail; base: string }) {
  const training = isActiveJob(r.rewardModel.job.status) || r.rewardModel.job.status !== 'SUCCEEDED'
  const spot = r.agreement?.spotCheck
  return (
    <tr data-testid={`ser-round-${r.round}`}>
      <td className="num">{r.round}</td>
      <td className="small"><Link href={`${base}/reward-models/${r.rewardModel.id}`}>{r.rewardModel.name}</Link></td>
      <td className="progress-col">
        {training ? <JobRowStatus job={r.rewardModel.job} label={`Training round ${r.round}'s model`} /> : <JobRowStatus job={r.job} label={`Round ${r.round}`} queued="waiting for its reward model" done={() => (r.endReason ? 'ended the run' : 'scored')} />}
        {r.endReason && <div className="small muted">{r.endReason}</div>}
      </td>
      <td className="num">{r.poolSize?.toLocaleString() ?? '–'}</td>
      <td className="num">{r.status1Count?.toLocaleString() ?? '–'}</td>
      <td className="num">{r.status2Count?.toLocaleString() ?? '–'}</td>
      <td className="small">{r.learningStatus ? `status ${r.learningStatus}` : '–'}</td>
      <td className="small">
        {r.batch ? <Link href={`${base}/self-evolution/${run.id}/batches/${r.batch.id}`} data-testid={`ser-batch-${r.round}`}>{r.batch.size.toLocaleString()} pairs · {batchText(r.batch.status, r.batch.autoApproved)}</Link> : '–'}
      </td>
      <td>{spot?.agreement ? <><IntervalBar rate={spot.agreement} /><div className="small muted">{spot.answered} of {spot.size} answered</div></> : spot ? <span className="small muted">{spot.answered} of {spot.size} answered</span> : '–'}</td>
      {run.experiment && <td>{r.agreement?.hidden?.accuracy ? <IntervalBar rate={r.agreement.hidden.accuracy} /> : '–'}</td>}
      <td className="num">{pct(r.rewardModel.accuracy)}</td>
    </tr>
  )
}
