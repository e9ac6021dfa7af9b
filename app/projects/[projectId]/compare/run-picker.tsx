'use client'
// The runs a comparison can take: every SFT and PPO run of the project with its tag, status and reward
// model; ticking one adds it to the comparison (and to the URL).
import { JobStatusBadge } from '../../../_components/job-status-badge.tsx'
import { whenText } from '../../../_components/format.ts'
import { RunTagBadge } from './run-tag-badge.tsx'
import type { ComparableRun } from './types.ts'

type Props = { runs: ComparableRun[]; picked: string[]; max: number; onChange: (ids: string[]) => void }

export function RunPicker({ runs, picked, max, onChange }: Props) {
  if (runs.length === 0) return <p className="muted">No policy runs in this project yet: train an SFT policy, then PPO runs from it, on the Policies tab.</p>
  const toggle = (id: string) => onChange(picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id])
  return (
    <table className="data-table compare-picker" aria-label="Runs to compare">
      <thead><tr><th /><th>Run</th><th>Kind</th><th>Tag</th><th>Reward model</th><th>From</th><th>Status</th><th>Started</th></tr></thead>
      <tbody>
        {runs.map((r) => {
          const on = picked.includes(r.id)
          return (
            <tr key={r.id} className={on ? 'compare-picked' : undefined}>
              <td><input type="checkbox" checked={on} disabled={!on && picked.length >= max} onChange={() => toggle(r.id)} aria-label={`Compare ${r.name}`} /></td>
              <td>{r.name}</td>
              <td>{r.kind}</td>
              <td><RunTagBadge tag={r.tag} why={r.tagWhy} /></td>
              <td>{r.rewardModel?.name ?? <span className="muted">–</span>}</td>
              <td>{r.parent?.name ?? <span className="muted">–</span>}</td>
              <td><JobStatusBadge status={r.status} /></td>
              <td className="small muted">{whenText(r.createdAt)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
