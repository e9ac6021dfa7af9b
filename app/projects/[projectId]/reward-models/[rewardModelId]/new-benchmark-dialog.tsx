'use client'
// "New benchmark set" dialog: copy a project's pairs that have a human majority preference (a copy
// made once, outside every project), or upload a benchmark file through the same limits and line
// checks as imports (RewardBench: JSON Lines of prompt, chosen, rejected, subset). Plain instructions
// may be wrapped as a Human/Assistant dialogue for models trained on HH-RLHF-style transcripts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'

const FORMATS = [
  { id: 'JSONL_PAIRS', label: 'JSON Lines: prompt, chosen, rejected, subset (RewardBench)' },
  { id: 'JSONL_LABELLED', label: 'JSON Lines: prompt, response_a, response_b, label, subset' },
  { id: 'CSV', label: 'CSV with a header row (prompt,chosen,rejected[,subset])' },
  { id: 'HH_RLHF', label: 'Anthropic HH-RLHF transcripts' },
  { id: 'PANDALM', label: 'PandaLM test set (majority of its annotators)' },
] as const

type Created = { id: string; name: string; pairCount: number; skipped: number; skippedReasons: { line: number; reason: string }[] }

async function uploadBenchmark(file: File, q: Record<string, string>): Promise<Created> {
  // The route takes this type only (415 otherwise) and checks the Origin: a cross-site form cannot send it.
  const res = await fetch(`/api/benchmark-sets?${new URLSearchParams({ ...q, filename: file.name })}`, {
    method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file,
  })
  const body = await res.json().catch(() => ({})) as Partial<Created> & { error?: string }
  if (res.status !== 201) throw new Error(body.error ?? `Upload failed (HTTP ${res.status})`)
  return body as Created
}

type Props = { defaultProjectId: string; onClose: () => void; onCreated: (setId: string) => void }

export function NewBenchmarkDialog({ defaultProjectId, onClose, onCreated }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [source, setSource] = useState<'UPLOAD' | 'PROJECT'>('UPLOAD')
  const [created, setCreated] = useState<Created | null>(null)
  const projects = useQuery(trpc.projects.list.queryOptions())
  const done = (set: Created) => {
    void qc.invalidateQueries(trpc.benchmarks.list.queryFilter())
    onCreated(set.id)
    if (set.skipped) setCreated(set) // say what was left out before closing
    else onClose()
  }
  const fromProject = useMutation(trpc.benchmarks.createFromProject.mutationOptions({ onSuccess: (s) => done({ ...s, skippedReasons: s.skippedReasons as Created['skippedReasons'] }) }))
  const upload = useMutation({ mutationFn: (v: { file: File; q: Record<string, string> }) => uploadBenchmark(v.file, v.q), onSuccess: done })
  const busy = fromProject.isPending || upload.isPending
  const error = fromProject.error?.data?.zodIssues?.join('; ') || fromProject.error?.message || upload.error?.message

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const name = String(f.get('name')).trim()
    if (source === 'PROJECT') return fromProject.mutate({ projectId: String(f.get('projectId')), name })
    const file = f.get('file') as File
    upload.mutate({ file, q: { name, format: String(f.get('format')), mode: String(f.get('mode')), template: String(f.get('template')) } })
  }

  if (created) {
    return (
      <div className="dialog-backdrop" onClick={onClose}>
        <div className="dialog" role="dialog" aria-label="Benchmark set created" onClick={(e) => e.stopPropagation()}>
          <h2>&ldquo;{created.name}&rdquo;: {created.pairCount.toLocaleString('en')} pairs</h2>
          <p data-testid="bench-skipped">{created.skipped.toLocaleString('en')} {created.skipped === 1 ? 'line was' : 'lines were'} left out:</p>
          <ul className="small">{created.skippedReasons.slice(0, 10).map((r) => <li key={`${r.line}-${r.reason}`}>{r.reason}</li>)}</ul>
          <button type="button" className="btn btn-primary" onClick={onClose}>OK</button>
        </div>
      </div>
    )
  }
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form" aria-label="New benchmark set" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>New benchmark set</h2>
        <p className="small muted">A benchmark set belongs to no project: no training run reads it, and it never changes once made.</p>
        <fieldset className="form-fieldset">
          <legend>Pairs from</legend>
          <label className="radio-field"><input type="radio" name="source" checked={source === 'UPLOAD'} onChange={() => setSource('UPLOAD')} /> <span><strong>A file</strong> <span className="muted">· RewardBench-style, or another import format with a preferred response</span></span></label>
          <label className="radio-field"><input type="radio" name="source" checked={source === 'PROJECT'} onChange={() => setSource('PROJECT')} /> <span><strong>A project&apos;s pairs</strong> <span className="muted">· those with a human majority preference, copied now; the subset is the file they were imported from</span></span></label>
        </fieldset>
        <label>Name<input name="name" required maxLength={120} autoFocus /></label>
        {source === 'PROJECT' ? (
          <label>Project
            <select name="projectId" defaultValue={defaultProjectId} required>
              {(projects.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
        ) : (
          <>
            <label>File<input name="file" type="file" required accept=".jsonl,.json,.csv,.gz" /></label>
            <label>Format
              <select name="format" defaultValue="JSONL_PAIRS">{FORMATS.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}</select>
            </label>
            <div className="grid2 form-grid">
              <label>Invalid lines
                <select name="mode" defaultValue="SKIP_INVALID">
                  <option value="SKIP_INVALID">skip them and list them</option>
                  <option value="ALL_OR_NOTHING">refuse the file (all or nothing)</option>
                </select>
              </label>
              <label>Model input
                <select name="template" defaultValue="AS_IS">
                  <option value="AS_IS">prompt + response as written</option>
                  <option value="HUMAN_ASSISTANT">wrap as a Human / Assistant dialogue</option>
                </select>
                <span className="small muted">wrap plain instructions (RewardBench) for a model trained on HH-RLHF transcripts</span>
              </label>
            </div>
          </>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create set'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
