'use client'
// Project settings form; guidelines are markdown with a live preview. Only changed fields are sent.
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'
import { Markdown } from '../../../_components/markdown.tsx'

type Settings = {
  name: string; description: string; guidelines: string; overlap: number; minHumanLabels: number; importedLabelsCountTowardOverlap: boolean
  allowLabelRevision: boolean; goldRate: number; goldThreshold: number; goldMinAnswers: number
}

export function SettingsForm({ project }: { project: Settings & { id: string } }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const router = useRouter()
  const [saved, setSaved] = useState<Settings>(project)
  const [draft, setDraft] = useState<Settings>(project)
  const changed = (Object.keys(draft) as (keyof Settings)[]).filter((k) => draft[k] !== saved[k])
  const update = useMutation(trpc.projects.update.mutationOptions({
    onSuccess: (p) => {
      const next = {
        name: p.name, description: p.description, guidelines: p.guidelines, overlap: p.overlap,
        minHumanLabels: p.minHumanLabels, importedLabelsCountTowardOverlap: p.importedLabelsCountTowardOverlap, allowLabelRevision: p.allowLabelRevision,
        goldRate: p.goldRate, goldThreshold: p.goldThreshold, goldMinAnswers: p.goldMinAnswers,
      }
      setSaved(next)
      setDraft(next)
      void qc.invalidateQueries(trpc.projects.pathFilter())
      router.refresh() // the project title in the layout
    },
  }))
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => { update.reset(); setDraft((d) => ({ ...d, [k]: v })) }
  return (
    <form className="card form" aria-label="Project settings" onSubmit={(e) => {
      e.preventDefault()
      update.mutate({ projectId: project.id, patch: Object.fromEntries(changed.map((k) => [k, draft[k]])) })
    }}>
      <h2 style={{ marginTop: 0 }}>Settings</h2>
      <div className="grid2">
        <label>Name<input required maxLength={120} value={draft.name} onChange={(e) => set('name', e.target.value)} /></label>
        <label>Annotators per pair
          <input type="number" required min={1} max={20} value={draft.overlap} onChange={(e) => set('overlap', Number(e.target.value))} />
        </label>
      </div>
      <div className="grid2">
        <label>Human reference: minimum human labels
          <input type="number" required min={1} max={20} value={draft.minHumanLabels} data-testid="min-human-labels"
            onChange={(e) => set('minHumanLabels', Number(e.target.value))} />
          <span className="muted small">A pair’s human answer is the majority of its human labels (one label counts; a split gives none); with fewer labels than this it has none. Used by agreement, judges, scores, training and exports.</span>
        </label>
        <label className="row agreement-check">
          <input type="checkbox" checked={draft.importedLabelsCountTowardOverlap} data-testid="imported-count-overlap"
            onChange={(e) => set('importedLabelsCountTowardOverlap', e.target.checked)} />
          Imported human labels count toward “annotators per pair” (annotators are not asked to relabel pairs an import already covers)
        </label>
      </div>
      <label className="field inline check-field">
        <input type="checkbox" checked={draft.allowLabelRevision} onChange={(e) => set('allowLabelRevision', e.target.checked)} /> Annotators may revise their submitted labels (History)
      </label>
      <div className="grid3">
        <label>Gold pairs: share of items (%)
          <input type="number" required min={0} max={100} step="any" value={Math.round(1000 * draft.goldRate) / 10} data-testid="gold-rate"
            onChange={(e) => set('goldRate', Number(e.target.value) / 100)} />
          <span className="muted small">how often an annotator&apos;s next item is a gold pair they have not had (served blind)</span>
        </label>
        <label>Flag an annotator below (% gold accuracy)
          <input type="number" required min={0} max={100} step="any" value={Math.round(1000 * draft.goldThreshold) / 10}
            onChange={(e) => set('goldThreshold', Number(e.target.value) / 100)} />
        </label>
        <label>…once they answered (gold pairs)
          <input type="number" required min={1} max={10000} step={1} value={draft.goldMinAnswers}
            onChange={(e) => set('goldMinAnswers', Number(e.target.value))} />
        </label>
      </div>
      <label>Description<textarea maxLength={2000} value={draft.description} onChange={(e) => set('description', e.target.value)} rows={2} /></label>
      <div className="grid2">
        <label>Guidelines (markdown)
          <textarea className="guidelines-editor" maxLength={50_000} value={draft.guidelines} onChange={(e) => set('guidelines', e.target.value)} />
        </label>
        <div className="field">
          <span className="preview-label">Preview</span>
          <div className="md-preview" data-testid="guidelines-preview">
            {draft.guidelines.trim() ? <Markdown text={draft.guidelines} /> : <p className="muted">Nothing to preview.</p>}
          </div>
        </div>
      </div>
      {update.error && <p className="error" role="alert">{update.error.message}</p>}
      <div className="row">
        <button className="btn btn-primary" disabled={update.isPending || changed.length === 0}>Save settings</button>
        <button type="button" className="btn" disabled={changed.length === 0} onClick={() => { update.reset(); setDraft(saved) }}>Discard changes</button>
        {update.isSuccess && changed.length === 0 && <span className="ok" role="status">Saved.</span>}
        {changed.length > 0 && <span className="muted small">Unsaved: {changed.join(', ')}</span>}
      </div>
    </form>
  )
}
