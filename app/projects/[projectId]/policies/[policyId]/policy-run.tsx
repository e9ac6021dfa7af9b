'use client'
// A policy's run page: its settings (for d-RLAIF the judge and what judging cost), the live SFT or
// PPO job (polled every second while it runs), headline numbers, the curves, and the completions
// sampled at each evaluation.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import Link from 'next/link'
import { useEffect, useEffectEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'
import { JobPanel } from '../../../../_components/job-panel.tsx'
import { lastValue, useJobProgress, type MetricPoint } from '../../../../_components/job-progress.tsx'
import { isActiveJob, JobStatusBadge } from '../../../../_components/job-status-badge.tsx'
import { baseText, num, pct, whenText } from '../../../../_components/format.ts'
import type { PolicyDetail } from '../types.ts'
import { PpoCharts, SftCharts } from './policy-charts.tsx'
import { SamplesTable } from './samples-table.tsx'

type Config = { source?: string; dataset?: { filename: string; examples: number; prompts: number }; rewardMode?: string; k?: number; split?: { seed: number; evalShare: number }; trainer?: Record<string, unknown> }
const SOURCE: Record<string, string> = { HUMAN: 'human-majority winners', AI: 'AI judge winners', SELF: 'self-labelled winners' }
const REWARDS: Record<string, (c: Config) => string> = {
  plain: () => 'plain', contrastive: (c) => `contrastive (k = ${c.k})`, drlaif: () => 'd-RLAIF (AI judge rating)',
}
type Usage = PolicyDetail['judgeUsage']
const usageText = (u: Usage) => (u ? `$${u.costUsd.toFixed(4)} · ${u.ratings.toLocaleString()} ratings` : 'none yet')
const usageHint = (u: Usage) => (u ? `${u.requests} requests (${u.retries} retries), ${u.promptTokens.toLocaleString()} prompt + ${u.completionTokens.toLocaleString()} completion tokens, ${(u.judgeMs / 1000).toFixed(1)} s waiting for the judge` : '')

export function PolicyRun({ projectId, policyId }: { projectId: string; policyId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const q = useQuery({
    ...trpc.policies.get.queryOptions({ policyId }),
    // Samples arrive at each evaluation: refresh now and then while the job runs; the job polls every second.
    refetchInterval: (s) => (isActiveJob(s.state.data?.job.status) ? 5000 : false),
  })
  const progress = useJobProgress(q.data?.job.id)
  const live = progress.job?.status
  const onStatus = useEffectEvent((status: string) => {
    if (q.data && status !== q.data.job.status) void qc.invalidateQueries(trpc.policies.get.queryFilter({ policyId }))
  })
  useEffect(() => { if (live) onStatus(live) }, [live])

  if (q.error) return <div className="card"><p className="error">{q.error.message}</p></div>
  if (!q.data) return <p className="muted">Loading…</p>
  const p = q.data
  const c = p.config as Config
  const series = progress.series
  const overrides = Object.entries(c.trainer ?? {})
  const base = `/projects/${projectId}/policies`
  return (
    <div className="rm-run">
      <div className="run-head">
        <Link href={base} className="small">← Policies</Link>
        <div className="row">
          <h2 className="page-title" data-testid="policy-name">{p.name}</h2>
          <span className="badge">{p.kind}</span>
          <JobStatusBadge status={progress.job?.status ?? p.job.status} testId="policy-status" />
        </div>
        <dl className="settings-list">
          {p.baseModel && <div><dt>Base</dt><dd>{baseText(p.baseModel)}</dd></div>}
          {p.kind === 'SFT' && <div><dt>Imitates</dt><dd data-testid="sft-source">{c.source === 'UPLOAD' && c.dataset
            ? `the uploaded file ${c.dataset.filename} (${c.dataset.examples.toLocaleString()} examples, ${c.dataset.prompts.toLocaleString()} prompts)`
            : SOURCE[c.source ?? 'HUMAN']}</dd></div>}
          {p.parent && <div><dt>From</dt><dd><Link href={`${base}/${p.parent.id}`}>{p.parent.name}</Link></dd></div>}
          {p.rewardModel && <div><dt>Reward model</dt><dd><Link href={`/projects/${projectId}/reward-models/${p.rewardModel.id}`}>{p.rewardModel.name}</Link></dd></div>}
          {p.kind === 'PPO' && <div><dt>Rewards</dt><dd data-testid="reward-mode">{REWARDS[c.rewardMode ?? 'plain']?.(c) ?? c.rewardMode}</dd></div>}
          {p.judge && <div><dt>AI judge</dt><dd data-testid="policy-judge"><Link href={`/projects/${projectId}/judges/${p.judge.id}`}>{p.judge.name}</Link> (v{p.judgeVersion})</dd></div>}
          {p.judge && <div><dt>Judging cost</dt><dd data-testid="judge-cost" title={usageHint(p.judgeUsage)}>{usageText(p.judgeUsage)}</dd></div>}
          {c.split && <div><dt>Held out</dt><dd>{pct(c.split.evalShare, 0)} of prompts</dd></div>}
          {c.split && <div><dt>Seed</dt><dd>{c.split.seed}</dd></div>}
          <div><dt>Started</dt><dd>{whenText(p.createdAt)} by {p.createdBy.name}</dd></div>
        </dl>
        {overrides.length > 0 && <div className="rm-overrides small">Trainer settings: {overrides.map(([k, v]) => <code key={k}>{k} = {String(v)}</code>)}</div>}
      </div>
      <JobPanel title={p.kind === 'SFT' ? 'Supervised fine-tuning' : 'PPO'} progress={progress} note={jobNote(p)} />
      <Headline kind={p.kind} series={series} summary={p.summary} drlaif={c.rewardMode === 'drlaif'} />
      {p.kind === 'SFT' ? <SftCharts series={series} /> : <PpoCharts series={series} contrastive={c.rewardMode === 'contrastive'} drlaif={c.rewardMode === 'drlaif'} />}
      <div className="card">
        <h2>Samples on held-out prompts</h2>
        <SamplesTable steps={p.samples} kind={p.kind} />
      </div>
    </div>
  )
}

function jobNote(p: PolicyDetail) {
  if (p.kind === 'SFT' && (p.config as Config).source === 'UPLOAD') return 'Trains on the responses of the uploaded file (loss on the response tokens only); held-out prompts are never trained on.'
  if (p.kind === 'SFT') return 'Trains on the preferred response of each labelled pair (loss on the response tokens only); held-out prompts are never trained on.'
  const set = p.baselineSet
  if (set && isActiveJob(set.job.status)) return 'Waits for the baseline samples: the SFT policy answers each train prompt k times and the reward model scores them, once for all runs that share them.'
  return 'Each iteration samples responses from the policy, scores them, computes the KL to the SFT policy and the values, then updates policy and value model for a few PPO epochs.'
}

function Headline({ kind, series, summary, drlaif }: { kind: 'SFT' | 'PPO'; series: Record<string, MetricPoint[]>; summary: Record<string, number>; drlaif: boolean }) {
  const v = (name: string) => lastValue(series, name) ?? summary[name] ?? null
  const stat = (testId: string, value: string, label: string, hint: string) => (
    <div className="card stat rm-stat" data-testid={testId} title={hint}><span className="v">{value}</span><span className="k">{label}</span></div>
  )
  if (kind === 'SFT') {
    return (
      <div className="rm-stats">
        {stat('stat-eval-loss', num(v('eval/loss')), 'held-out loss', 'eval/loss: mean cross-entropy per response token on held-out prompts')}
        {stat('stat-ppl', num(v('eval/perplexity'), 1), 'held-out perplexity', 'eval/perplexity = exp(eval/loss)')}
        {stat('stat-train-loss', num(v('train/loss')), 'train loss', 'train/loss at the last step')}
      </div>
    )
  }
  const evals = series['eval/scores'] ?? []
  const gain = evals.length >= 2 ? evals.at(-1)![1] - evals[0][1] : null
  return (
    <div className="rm-stats">
      {stat('stat-score', num(v('objective/scores')), drlaif ? 'rollout rating' : 'rollout score', drlaif
        ? 'objective/scores: mean AI-judge rating (1–10 rescaled to [−1, 1]) of the last iteration\'s rollouts'
        : 'objective/scores: mean reward-model score of the last iteration\'s rollouts')}
      {stat('stat-eval-score', num(v('eval/scores')), 'held-out score', 'eval/scores: mean score of greedy completions of the held-out prompts')}
      {stat('stat-eval-gain', gain === null ? '–' : `${gain >= 0 ? '+' : ''}${num(gain)}`, 'held-out score since start', 'eval/scores at the last evaluation minus at the first (before any update)')}
      {stat('stat-kl', num(v('objective/kl')), 'KL from SFT', 'objective/kl: summed per-token KL of the rollouts from the SFT policy, in nats')}
    </div>
  )
}
