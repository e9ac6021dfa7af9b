'use client'
// The Self-evolution tab: each SER run with its status, rounds so far, the latest round's reward
// model against the 100%-human reference, and a batch awaiting review; the dialog that starts a run.
import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { isActiveJob } from '../../../_components/job-status-badge.tsx'
import { JobRowStatus } from '../../../_components/job-row-status.tsx'
import { pct, whenText } from '../../../_components/format.ts'
import { batchText, SerRunBadges } from './ser-badges.tsx'
import { StartSerDialog } from './start-ser-dialog.tsx'
import type { SerRunRow } from './types.ts'

const busy = (r: SerRunRow) => r.status === 'ACTIVE' && r.rounds.some((x) => isActiveJob(x.job.status) || isActiveJob(x.rewardModel.job.status))

export function SerTab({ projectId, admin }: { projectId: string; admin: boolean }) {
  const trpc = useTRPC()
  const router = useRouter()
  const [open, setOpen] = useState(false)
  const list = useQuery({ ...trpc.ser.list.queryOptions({ projectId }), refetchInterval: (q) => (q.state.data?.some(busy) ? 3000 : false) })
  const runs = list.data ?? []
  const base = `/projects/${projectId}/self-evolution`
  return (
    <div>
      <div className="card intro-text">
        <div>
          <h2>Self-evolution (SER)</h2>
          <p className="muted small">
            Self-Evolved Reward Learning: a reward model trained on a few human labels scores the unlabelled pairs, and the pairs it is
            confident about become self-labels. Annotators spot-check a blind sample, an admin approves or rejects each batch, and each
            approval trains the next round&apos;s reward model on the human and approved self-labels.
          </p>
        </div>
        <div className="row actions-row">
          <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>Start SER run</button>
        </div>
      </div>
      {list.isLoading && <p className="muted">Loading…</p>}
      {list.error && <p className="error">{list.error.message}</p>}
      {list.data && runs.length === 0 && (
        <div className="card empty-state">
          <p><strong>No self-evolution runs yet.</strong></p>
          <p className="muted small">Start one: the seed reward model trains on 15% of the human labels by default, and every other pair forms the pool.</p>
        </div>
      )}
      {runs.length > 0 && (
        <div className="card table-card">
          <table className="data-table" data-testid="ser-table">
            <thead><tr><th>Name</th><th>Status</th><th className="num">Round</th><th className="progress-col">Current step</th><th className="num">Held-out accuracy</th><th className="num">Reference (100% human)</th><th>Latest batch</th><th>Created</th></tr></thead>
            <tbody>
              {runs.map((r) => {
                const last = r.rounds.at(-1)
                const step = last && isActiveJob(last.rewardModel.job.status) ? { job: last.rewardModel.job, label: `Training ${last.rewardModel.name}` } : last ? { job: last.job, label: `Round ${last.round}` } : null
                return (
                  <tr key={r.id}>
                    <td><Link href={`${base}/${r.id}`}>{r.name}</Link></td>
                    <td><SerRunBadges run={r} />{r.endReason && <div className="small muted phase-text" title={r.endReason}>{r.endReason}</div>}</td>
                    <td className="num">{last?.round ?? '–'} / {r.config.maxRounds}</td>
                    <td className="progress-col">{step && <JobRowStatus job={step.job} label={step.label} />}</td>
                    <td className="num">{pct(last?.rewardModel.accuracy)}</td>
                    <td className="num">{pct(r.reference?.accuracy)}</td>
                    <td className="small">
                      {last?.batch
                        ? <Link href={`${base}/${r.id}/batches/${last.batch.id}`} data-testid={`ser-batch-link-${r.id}`}>{last.batch.size.toLocaleString()} pairs, {batchText(last.batch.status, last.batch.autoApproved)}</Link>
                        : '–'}
                    </td>
                    <td className="small nowrap">{whenText(r.createdAt)}<div className="muted">{r.createdBy.name}</div></td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && <StartSerDialog projectId={projectId} admin={admin} defaultName={`SER run ${runs.length + 1}`} onClose={() => setOpen(false)} onStarted={(id) => router.push(`${base}/${id}`)} />}
    </div>
  )
}
