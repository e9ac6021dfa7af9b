'use client'
// The Policies tab: SFT policies (a language model fine-tuned on the preferred responses), PPO runs
// (that policy optimised against a reward model, plain or contrastive, or an AI judge's ratings) and the baseline sets
// contrastive PPO samples once per SFT policy and reward model; the dialogs that start them.
import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { isActiveJob, JobStatusBadge } from '../../../_components/job-status-badge.tsx'
import { JobRowStatus } from '../../../_components/job-row-status.tsx'
import { baseText, num, whenText } from '../../../_components/format.ts'
import { PpoDialog } from './ppo-dialog.tsx'
import type { BaselineSetRow } from './types.ts'
import { SftDialog } from './sft-dialog.tsx'

type Dialog = 'sft' | 'ppo' | null
const SOURCE = { HUMAN: 'human majority', AI: 'AI judge', SELF: 'self-labelled' } as Record<string, string>
type SftSource = { source?: string; dataset?: { filename: string } }
const trainedOn = (c: SftSource) => (c.source === 'UPLOAD' ? `uploaded ${c.dataset?.filename ?? 'file'}` : `${SOURCE[c.source ?? 'HUMAN']} preferred responses`)

export function PoliciesTab({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const router = useRouter()
  const [dialog, setDialog] = useState<Dialog>(null)
  const list = useQuery({
    ...trpc.policies.list.queryOptions({ projectId }),
    refetchInterval: (q) => (q.state.data && [...q.state.data.policies, ...q.state.data.baselineSets].some((p) => isActiveJob(p.job.status)) ? 2000 : false),
  })
  const policies = list.data?.policies ?? []
  const sft = policies.filter((p) => p.kind === 'SFT')
  const ppo = policies.filter((p) => p.kind === 'PPO')
  const base = `/projects/${projectId}/policies`
  const open = (id: string) => router.push(`${base}/${id}`)
  return (
    <div>
      <div className="card intro-text">
        <div>
          <h2>Policies</h2>
          <p className="muted small">
            A policy is a language model that writes responses. SFT fine-tunes a base model on the responses labellers preferred;
            PPO then optimises it against a reward model, with a KL penalty that keeps it near where it started. Contrastive
            rewards subtract each prompt&apos;s baseline score (the SFT policy&apos;s own samples), so PPO learns what beats the
            policy&apos;s usual answer rather than what the reward model likes everywhere.
          </p>
        </div>
        <div className="row actions-row">
          <button type="button" className="btn" onClick={() => setDialog('sft')}>Train SFT policy</button>
          <button type="button" className="btn btn-primary" disabled={sft.length === 0} title={sft.length === 0 ? 'Train an SFT policy first' : undefined} onClick={() => setDialog('ppo')}>Run PPO</button>
        </div>
      </div>
      {list.isLoading && <p className="muted">Loading…</p>}
      {list.error && <p className="error">{list.error.message}</p>}
      {list.data && policies.length === 0 && (
        <div className="card empty-state">
          <p><strong>No policies yet.</strong></p>
          <p className="muted small">Start with an SFT policy on the built-in tiny model; once a reward model is trained too, run PPO from it.</p>
        </div>
      )}
      {sft.length > 0 && (
        <div className="card table-card">
          <h3>SFT policies</h3>
          <table className="data-table" data-testid="sft-table">
            <thead><tr><th>Name</th><th>Base</th><th>Trained on</th><th>Status</th><th className="progress-col">Progress</th><th className="num">Held-out loss</th><th className="num">Perplexity</th><th>Created</th></tr></thead>
            <tbody>
              {sft.map((p) => (
                <tr key={p.id}>
                  <td><Link href={`${base}/${p.id}`}>{p.name}</Link></td>
                  <td className="small nowrap">{p.baseModel ? baseText(p.baseModel) : '–'}</td>
                  <td className="small">{trainedOn(p.config as SftSource)}</td>
                  <td><JobStatusBadge status={p.job.status} testId={`policy-status-${p.id}`} /></td>
                  <td className="progress-col"><JobRowStatus job={p.job} label="Training progress" /></td>
                  <td className="num">{num(p.summary['eval/loss'])}</td>
                  <td className="num">{num(p.summary['eval/perplexity'], 1)}</td>
                  <td className="small nowrap">{whenText(p.createdAt)}<div className="muted">{p.createdBy.name}</div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ppo.length > 0 && (
        <div className="card table-card">
          <h3>PPO runs</h3>
          <table className="data-table" data-testid="ppo-table">
            <thead><tr><th>Name</th><th>From</th><th>Reward model</th><th>Rewards</th><th>Status</th><th className="progress-col">Progress</th><th className="num">Score</th><th className="num">KL</th><th className="num">Held-out score</th><th>Created</th></tr></thead>
            <tbody>
              {ppo.map((p) => (
                <tr key={p.id}>
                  <td><Link href={`${base}/${p.id}`}>{p.name}</Link></td>
                  <td className="small">{p.parent ? <Link href={`${base}/${p.parent.id}`}>{p.parent.name}</Link> : '–'}</td>
                  <td className="small">{p.rewardModel ? <Link href={`/projects/${projectId}/reward-models/${p.rewardModel.id}`}>{p.rewardModel.name}</Link> : p.judge ? `none (judge ${p.judge.name})` : '–'}</td>
                  <td className="small">{(p.config as { rewardMode?: string }).rewardMode ?? 'plain'}</td>
                  <td><JobStatusBadge status={p.job.status} testId={`policy-status-${p.id}`} /></td>
                  <td className="progress-col"><JobRowStatus job={p.job} label="PPO progress" /></td>
                  <td className="num">{num(p.summary['objective/scores'])}</td>
                  <td className="num">{num(p.summary['objective/kl'])}</td>
                  <td className="num">{num(p.summary['eval/scores'])}</td>
                  <td className="small nowrap">{whenText(p.createdAt)}<div className="muted">{p.createdBy.name}</div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && list.data.baselineSets.length > 0 && <BaselineSets sets={list.data.baselineSets} base={base} />}
      {dialog === 'sft' && <SftDialog projectId={projectId} defaultName={`SFT policy ${sft.length + 1}`} onClose={() => setDialog(null)} onStarted={open} />}
      {dialog === 'ppo' && <PpoDialog projectId={projectId} policies={sft} defaultName={`PPO run ${ppo.length + 1}`} onClose={() => setDialog(null)} onStarted={open} />}
    </div>
  )
}

function BaselineSets({ sets, base }: { sets: BaselineSetRow[]; base: string }) {
  return (
    <div className="card table-card">
      <h3>Baseline sets</h3>
      <p className="muted small">The SFT policy&apos;s own responses to each train prompt, scored by the reward model once; every contrastive PPO run with the same policy, reward model, prompts, k and sampling reuses them.</p>
      <table className="data-table" data-testid="baseline-table">
        <thead><tr><th>SFT policy</th><th>Reward model</th><th className="num">k</th><th>Status</th><th className="progress-col">Progress</th><th className="num">Mean score</th><th className="num">Spread within a prompt</th><th>Used by</th></tr></thead>
        <tbody>
          {sets.map((s) => {
            const stats = (s.stats ?? {}) as Record<string, number>
            return (
              <tr key={s.id}>
                <td className="small"><Link href={`${base}/${s.policy.id}`}>{s.policy.name}</Link></td>
                <td className="small">{s.rewardModel.name}</td>
                <td className="num">{(s.config as { k?: number }).k ?? '–'}</td>
                <td><JobStatusBadge status={s.job.status} testId={`baseline-status-${s.id}`} /></td>
                <td className="progress-col"><JobRowStatus job={s.job} label="Sampling baselines" /></td>
                <td className="num">{num(stats['baselines/mean'])}</td>
                <td className="num">{num(stats['baselines/std_within_prompt'])}</td>
                <td className="small">{s.usedBy.map((u) => <div key={u.id}><Link href={`${base}/${u.id}`}>{u.name}</Link></div>)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
