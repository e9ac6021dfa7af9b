'use client'
// The Reward models tab: every model of the project with its status, progress and headline
// metrics (refreshing while any trains), the Train dialog, and the way to the compare view.
import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { isActiveJob, JobStatusBadge } from '../../../_components/job-status-badge.tsx'
import { JobRowStatus } from '../../../_components/job-row-status.tsx'
import { baseText, num, pct, sourcesText, whenText } from '../../../_components/format.ts'
import { TrainDialog } from './train-dialog.tsx'
import { defaultModelName } from '@/server/lib/model-names.ts'

export function RewardModelsTab({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const router = useRouter()
  const [training, setTraining] = useState(false)
  const list = useQuery({
    ...trpc.rewardModels.list.queryOptions({ projectId }),
    refetchInterval: (q) => (q.state.data?.some((m) => isActiveJob(m.job.status)) ? 2000 : false),
  })
  const models = list.data ?? []
  const base = `/projects/${projectId}/reward-models`
  return (
    <div>
      <div className="card intro-text">
        <div>
          <h2>Reward models</h2>
          <p className="muted small">
            A reward model scores a response to a prompt; trained on this project&apos;s preference labels (Bradley–Terry), it
            should prefer what the labellers preferred. Each run is checked on held-out human-labelled pairs it never saw.
          </p>
        </div>
        <div className="row actions-row">
          {models.length >= 2 && <Link className="btn" href={`${base}/compare?a=${models[0].id}&b=${models[1].id}`}>Compare…</Link>}
          <button type="button" className="btn btn-primary" onClick={() => setTraining(true)}>Train reward model</button>
        </div>
      </div>
      <div className="card table-card">
        {list.isLoading && <p className="muted">Loading…</p>}
        {list.error && <p className="error">{list.error.message}</p>}
        {list.data && models.length === 0 && (
          <div className="empty-state">
            <p><strong>No reward models yet.</strong></p>
            <p className="muted small">Train one on the labels collected so far: start with the built-in tiny model to see the whole pipeline in a minute or two.</p>
          </div>
        )}
        {models.length > 0 && (
          <table data-testid="rm-table" className="data-table">
            <thead>
              <tr>
                <th>Name</th><th>Base</th><th>Labels</th><th className="num">Human share</th><th>Status</th><th className="progress-col">Progress</th>
                <th className="num">Eval accuracy</th><th className="num">ECE</th><th>Created</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link href={`${base}/${m.id}`} className="rm-name">{m.name}</Link>
                    {m.ser && <div className="small muted"><Link href={`/projects/${projectId}/self-evolution/${m.ser.runId}`}>SER {m.ser.runName}</Link>{m.ser.round ? `, round ${m.ser.round}` : ', reference'}</div>}
                  </td>
                  <td className="small nowrap">{baseText(m.baseModel)}{!m.baseModel.ready && m.baseModel.source === 'BUILTIN' && <div className="muted">not pretrained yet</div>}</td>
                  <td className="small">{sourcesText(m.config.sources)}</td>
                  <td className="num">{pct(m.config.humanShare, 0)}</td>
                  <td><JobStatusBadge status={m.job.status} testId={`rm-status-${m.id}`} /></td>
                  <td className="progress-col"><JobRowStatus job={m.job} label="Training progress" /></td>
                  <td className="num rm-metric">{pct(m.headline['eval/accuracy'])}</td>
                  <td className="num">{num(m.headline['eval/ece'])}</td>
                  <td className="small nowrap">{whenText(m.createdAt)}<div className="muted">{m.createdBy.name}</div></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {training && (
        <TrainDialog
          projectId={projectId}
          defaultName={defaultModelName(models.map((m) => m.name))}
          onClose={() => setTraining(false)}
          onStarted={(id) => router.push(`${base}/${id}`)}
        />
      )}
    </div>
  )
}
