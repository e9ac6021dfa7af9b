'use client'
// The "RLHF vs RLAIF" preset on the compare page: what the project holds for it (the PandaLM pairs,
// their human labels, the AI judge's labels), or what is missing, and the button that sets it up.
// Once started, the page compares its three policies (SFT, PPO on RM human, PPO on RM AI).
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { PresetDialog } from './preset-dialog.tsx'

export function PresetCard({ projectId, onStarted }: { projectId: string; onStarted: (policyIds: string[]) => void }) {
  const trpc = useTRPC()
  const [open, setOpen] = useState(false)
  const data = useQuery(trpc.experiments.rlhfVsRlaifData.queryOptions({ projectId }))
  const d = data.data
  return (
    <div className="card" data-testid="preset-card">
      <div className="section-head">
        <h2>Preset: RLHF vs RLAIF</h2>
        <button className="btn" disabled={!d || !!d.problem} onClick={() => setOpen(true)}>Set up the experiment…</button>
      </div>
      <p className="muted small">
        The RLAIF paper&apos;s experiment in miniature, on pairs that carry both kinds of labels: a reward model on the human majority
        (RLHF) and one on an AI judge&apos;s labels (RLAIF) from the same pairs, one SFT policy, PPO against each, and an evaluation of
        the three policies by a reward model trained on the other pairs&apos; human labels.
      </p>
      {data.error && <p className="error">{data.error.message}</p>}
      {d?.problem && <p className="muted" data-testid="preset-problem">{d.problem}.</p>}
      {d && !d.problem && (
        <p data-testid="preset-data">
          {d.pairs.toLocaleString()} PandaLM pairs ({d.human!.filename}) · {d.humanLabels.toLocaleString()} human labels ·{' '}
          {d.aiLabels.toLocaleString()} labels by {d.ai!.judgeName} ({d.ai!.filename})
        </p>
      )}
      {open && d && !d.problem && (
        <PresetDialog projectId={projectId} aiJudgeName={d.ai!.judgeName} onClose={() => setOpen(false)}
          onStarted={(ids) => { setOpen(false); onStarted(ids) }} />
      )}
    </div>
  )
}
