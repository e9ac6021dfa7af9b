'use client'
// Export: TRL preference JSONL (majority label of a source, minimum agreement; for human labels the
// human reference with the project's minimum, noted) or everything.
import { useState } from 'react'
import { referenceNote } from '@/server/lib/human-reference.ts'

const SOURCES = [
  { id: 'ANY', label: 'All sources' },
  { id: 'HUMAN', label: 'Human labels' },
  { id: 'AI', label: 'AI judge labels' },
  { id: 'SELF', label: 'Self labels' },
]

export function ExportPanel({ projectId, minHumanLabels }: { projectId: string; minHumanLabels?: number }) {
  const [kind, setKind] = useState<'trl' | 'full'>('trl')
  const [source, setSource] = useState('HUMAN')
  const [minAgreement, setMinAgreement] = useState(0.5)
  const q = new URLSearchParams(kind === 'trl' ? { kind, source, minAgreement: String(minAgreement) } : { kind })
  const href = `/api/projects/${encodeURIComponent(projectId)}/export?${q}`
  return (
    <div className="card">
      <h2>Export</h2>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <label className="field">What
          <select value={kind} onChange={(e) => setKind(e.target.value as 'trl' | 'full')} data-testid="export-kind">
            <option value="trl">TRL preference pairs (prompt, chosen, rejected)</option>
            <option value="full">Everything: every pair with every label</option>
          </select>
        </label>
        {kind === 'trl' && (
          <>
            <label className="field">Labels from
              <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="export-source">
                {SOURCES.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
              </select>
            </label>
            <label className="field">Minimum agreement
              <input type="number" min={0} max={1} step={0.05} value={minAgreement} style={{ width: '7rem' }}
                onChange={(e) => setMinAgreement(Math.min(1, Math.max(0, Number(e.target.value) || 0)))} data-testid="export-min-agreement" />
            </label>
          </>
        )}
        <a className="btn btn-primary" href={href} download data-testid="export-download">Download JSONL</a>
      </div>
      <p className="small muted">
        {kind === 'trl'
          ? 'One line per pair whose labels from the chosen source have a strict majority for A or B, held by at least the minimum share of those labels. Ties and pairs without a strict majority are left out.'
          : 'One line per pair with its prompt, both responses, every label (rater, source, choice, probability, confidence, rationale, time) and its human reference.'}
      </p>
      {minHumanLabels !== undefined && (kind === 'full' || source === 'HUMAN') && (
        <p className="small muted" data-testid="reference-note">{referenceNote(minHumanLabels)}</p>
      )}
    </div>
  )
}
