'use client'
// A reward model's run page: settings, the live training job (polled every second while it runs),
// the curves and the held-out evaluation, the reward histogram, scoring every pair, benchmark results,
// the playground, and renaming, downloading or deleting the model.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { useEffect, useEffectEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'
import { JobPanel } from '../../../../_components/job-panel.tsx'
import { useJobProgress } from '../../../../_components/job-progress.tsx'
import { isActiveJob, JobStatusBadge } from '../../../../_components/job-status-badge.tsx'
import { baseText, pct, sourcesText, whenText } from '../../../../_components/format.ts'
import { EvalLegend, EvalTable, HeadlineStats, liveHeadline } from './eval-table.tsx'
import { Playground } from './playground.tsx'
import { RewardHistogram, RunCharts } from './run-charts.tsx'
import { ScorePanel } from './score-panel.tsx'
import { BenchmarkPanel } from './benchmark-panel.tsx'
import { ModelActions } from './model-actions.tsx'

export function RewardModelRun({ projectId, rewardModelId }: { projectId: string; rewardModelId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const rm = useQuery({
    ...trpc.rewardModels.get.queryOptions({ rewardModelId }),
    // Summary and histogram change while training: refresh now and then; the job itself polls every second.
    refetchInterval: (q) => (isActiveJob(q.state.data?.job.status) ? 4000 : false),
  })
  const progress = useJobProgress(rm.data?.job.id)
  const live = progress.job?.status
  const onStatus = useEffectEvent((status: string) => {
    if (rm.data && status !== rm.data.job.status) void qc.invalidateQueries(trpc.rewardModels.get.queryFilter({ rewardModelId }))
  })
  useEffect(() => { if (live) onStatus(live) }, [live])

  if (rm.error) return <div className="card"><p className="error">{rm.error.message}</p></div>
  if (!rm.data) return <p className="muted">Loading…</p>
  const m = rm.data
  const c = m.config
  const overrides = Object.entries(c.trainer ?? {})
  const waitingForBase = m.pretrainJob && isActiveJob(m.pretrainJob.status) && !m.baseModel.ready
  return (
    <div className="rm-run">
      <div className="run-head">
        <Link href={`/projects/${projectId}/reward-models`} className="small">← Reward models</Link>
        <div className="row">
          <h2 className="page-title" data-testid="rm-name">{m.name}</h2>
          <JobStatusBadge status={progress.job?.status ?? m.job.status} testId="rm-status" />
        </div>
        <dl className="settings-list">
          <div><dt>Base</dt><dd>{baseText(m.baseModel)}</dd></div>
          <div><dt>Labels</dt><dd>{sourcesText(c.sources)}</dd></div>
          <div><dt>Human share</dt><dd>{pct(c.humanShare, 0)}</dd></div>
          <div><dt>Held out</dt><dd>{pct(c.evalShare, 0)}</dd></div>
          <div><dt>Ties</dt><dd>{c.ties === 'half' ? 'towards 0.5' : 'dropped'}</dd></div>
          <div><dt>Seed</dt><dd>{c.seed}</dd></div>
          <div><dt>Started</dt><dd>{whenText(m.createdAt)} by {m.createdBy.name}</dd></div>
        </dl>
        {overrides.length > 0 && (
          <div className="rm-overrides small">
            Trainer settings: {overrides.map(([k, v]) => <code key={k}>{k} = {String(v)}</code>)}
          </div>
        )}
        <ModelActions projectId={projectId} rm={m} />
      </div>

      <JobPanel
        title="Training"
        progress={progress}
        note={waitingForBase ? `The ${baseText(m.baseModel)} base model is being pretrained first (${Math.round(100 * m.pretrainJob!.progress)}%, ${m.pretrainJob!.phase}).` : undefined}
      />
      <HeadlineStats h={liveHeadline(progress.series, m.headline)} />
      <RunCharts series={progress.series} />
      <div className="grid2">
        <div className="card">
          <h2>Held-out evaluation</h2>
          <EvalTable series={progress.series} />
          <EvalLegend />
        </div>
        <div className="card">
          {m.histogram ? <RewardHistogram histogram={m.histogram} /> : (
            <><h2>Reward histogram</h2><p className="muted small">Written at each held-out evaluation.</p></>
          )}
        </div>
      </div>
      <ScorePanel rewardModelId={m.id} exported={m.exported} scoreJobId={m.scoreRun?.job.id ?? null} scoredPairs={m.scoredPairs} pairCount={m.pairCount} />
      <BenchmarkPanel rewardModelId={m.id} projectId={projectId} exported={m.exported} />
      <Playground rewardModelId={m.id} exported={m.exported} />
    </div>
  )
}
