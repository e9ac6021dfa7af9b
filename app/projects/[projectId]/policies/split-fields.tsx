'use client'
// The prompt split of a policy run: seed and held-out share, with the sizes they give on this project
// (the same question is never on both sides: the split is by prompt). PPO also picks how many train
// prompts it samples from (0 = all), which is what its baselines cover. SFT on an uploaded file splits
// the file's prompts instead.
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { useTrainerDefaults } from '../../../_components/trainer-fields.tsx'

export type Split = { seed?: number; evalShare: number }

type Props = {
  projectId: string; split: Split; setSplit: (s: Split) => void; trainPrompts?: number; setTrainPrompts?: (n: number) => void
  /** SFT on an uploaded file: its distinct prompts are what is split (the project's sizes do not apply). */
  filePrompts?: number | null
}

export function SplitFields({ projectId, split, setSplit, trainPrompts, setTrainPrompts, filePrompts }: Props) {
  const trpc = useTRPC()
  const d = useTrainerDefaults('sft')
  const [seedText, setSeedText] = useState('')
  const seed = seedText === '' ? undefined : Number(seedText)
  const sizes = useQuery(trpc.policies.promptSet.queryOptions({ projectId, split: { evalShare: split.evalShare, ...(seed !== undefined ? { seed } : {}) }, trainPrompts: trainPrompts ?? 0 }))
  return (
    <div className="form-grid">
      <label>Held-out prompts (%)
        <input type="number" min={2} max={50} step="any" value={Math.round(split.evalShare * 1000) / 10} onChange={(e) => setSplit({ ...split, evalShare: Math.min(50, Math.max(2, Number(e.target.value) || 10)) / 100 })} aria-label="Held-out prompts (%)" />
        <span className="small muted" data-testid="prompt-split">{filePrompts !== undefined
          ? (filePrompts === null ? 'the uploaded file\'s prompts' : `about ${Math.round(filePrompts * split.evalShare).toLocaleString()} of the file's ${filePrompts.toLocaleString()} prompts held out`)
          : sizes.data ? `${sizes.data.train.toLocaleString()} train / ${sizes.data.eval.toLocaleString()} held-out prompts` : '…'}, split by prompt</span>
      </label>
      <label>Seed
        <input type="number" min={0} step={1} value={seedText} placeholder={d.seed ? String(d.seed.default) : ''} onChange={(e) => { setSeedText(e.target.value); setSplit({ ...split, seed: e.target.value === '' ? undefined : Number(e.target.value) }) }} />
        <span className="small muted">same seed, same split and run</span>
      </label>
      {setTrainPrompts && (
        <label>Train prompts
          <input type="number" min={0} step={1} value={trainPrompts ?? 0} onChange={(e) => setTrainPrompts(Math.max(0, Math.floor(Number(e.target.value) || 0)))} aria-label="Train prompts" />
          <span className="small muted">0 = all; else a seeded sample of this many, which is all the baselines need to cover (a run sees at most iterations × rollouts prompts)</span>
        </label>
      )}
    </div>
  )
}
