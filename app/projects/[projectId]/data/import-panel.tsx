'use client'
// Upload form: file (format guessed from its first bytes), format, mode, judge name; then the upload
// progress (bytes sent) and the processing progress (the job, polled every 500 ms) and the result.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useEffectEvent, useState } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { ProgressBar } from '../../../_components/progress-bar.tsx'
import { ImportResult, isFinished } from './import-result.tsx'
import { readSample, uploadFile } from './upload-file.ts'
import { JobRowStatus } from '../../../_components/job-row-status.tsx'

type Stage = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'processing'; importId: string } | { kind: 'failed'; message: string }

const MODES = [
  { id: 'SKIP_INVALID', label: 'Skip invalid lines', help: 'Import every valid line; invalid ones are listed below with their line numbers and reasons.' },
  { id: 'ALL_OR_NOTHING', label: 'All or nothing', help: 'Check the whole file first; if any line is invalid, nothing is imported and the invalid lines are listed.' },
]

function formatSize(bytes: number) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

const tight = { margin: 0 }

function Processing({ importId, onFinished }: { importId: string; onFinished: () => void }) {
  const trpc = useTRPC()
  const imp = useQuery({
    ...trpc.imports.get.queryOptions({ importId }),
    refetchInterval: (q) => (isFinished(q.state.data?.job.status) ? false : 500),
  })
  const finished = isFinished(imp.data?.job.status)
  const onDone = useEffectEvent(onFinished)
  useEffect(() => { if (finished) onDone() }, [finished])
  if (!imp.data) return <p className="muted">Waiting for the import to start…</p>
  if (finished) return <ImportResult imp={imp.data} />
  return <JobRowStatus job={imp.data.job} label="import processing" queued="queued: waiting for the worker" wide testId="import-progress" />
}

export function ImportPanel({ projectId, onFinished }: { projectId: string; onFinished: () => void }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const info = useQuery(trpc.imports.formats.queryOptions())
  const [file, setFile] = useState<File | null>(null)
  const [format, setFormat] = useState('')
  const [detected, setDetected] = useState<string | null>(null)
  const [mode, setMode] = useState('SKIP_INVALID')
  const [judgeName, setJudgeName] = useState('')
  const [stage, setStage] = useState<Stage>({ kind: 'idle' })
  const formats = info.data?.formats ?? []
  const current = formats.find((f) => f.id === format)
  const tooBig = file && info.data ? file.size > info.data.maxUploadBytes : false
  const busy = stage.kind === 'uploading'

  async function pick(f: File | null) {
    setFile(f)
    setDetected(null)
    setStage({ kind: 'idle' })
    if (!f) return
    const sample = await readSample(f)
    const guess = await qc.fetchQuery(trpc.imports.sniff.queryOptions({ sample: sample.slice(0, 16_000) })).catch(() => ({ format: null }))
    setDetected(guess.format)
    if (guess.format) setFormat(guess.format)
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    if (!file || !format) return
    setStage({ kind: 'uploading', loaded: 0, total: file.size })
    try {
      const res = await uploadFile(projectId, file, { format, mode, judgeName: current?.takesJudgeName ? judgeName.trim() : undefined },
        (loaded, total) => setStage({ kind: 'uploading', loaded, total }))
      setStage({ kind: 'processing', importId: res.id })
      onFinished()
    } catch (err) {
      setStage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) })
    }
  }

  return (
    <div className="card">
      <h2>Import</h2>
      <form className="form" onSubmit={submit}>
        <label>File
          <input type="file" accept=".jsonl,.json,.gz,.csv,.txt" data-testid="import-file" disabled={busy} onChange={(e) => void pick(e.target.files?.[0] ?? null)} />
        </label>
        {file && <p style={tight} className={`small ${tooBig ? 'error' : 'muted'}`}>{file.name} · {formatSize(file.size)}{tooBig && info.data ? ` — over the ${formatSize(info.data.maxUploadBytes)} limit` : ''}</p>}
        <label>Format
          <select value={format} onChange={(e) => setFormat(e.target.value)} data-testid="import-format" disabled={busy} required>
            <option value="">Choose a format…</option>
            {formats.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
          </select>
        </label>
        {(file || current) && (
          <p style={tight} className="small muted">
            {file && <span data-testid="format-detected">{detected ? `Detected from the file: ${formats.find((f) => f.id === detected)?.label ?? detected}. ` : 'The format could not be detected; choose it. '}</span>}
            {current?.description}
          </p>
        )}
        {current?.takesJudgeName && (
          <label>Judge name (optional for the judges the file names itself)
            <input value={judgeName} onChange={(e) => setJudgeName(e.target.value)} maxLength={100} placeholder="e.g. gpt-4-turbo" data-testid="import-judge" />
          </label>
        )}
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="small" style={{ fontWeight: 500 }}>If some lines are invalid</legend>
          {MODES.map((m) => (
            <label key={m.id} style={{ flexDirection: 'row', alignItems: 'flex-start', fontWeight: 400, gap: '.5rem', marginTop: '.35rem' }}>
              <input type="radio" name="mode" value={m.id} checked={mode === m.id} onChange={() => setMode(m.id)} disabled={busy} data-testid={`mode-${m.id}`} style={{ marginTop: '.3rem' }} />
              <span><strong>{m.label}</strong><br /><span className="small muted">{m.help}</span></span>
            </label>
          ))}
        </fieldset>
        <div className="row">
          <button className="btn btn-primary" type="submit" disabled={!file || !format || busy || Boolean(tooBig)} data-testid="import-submit">Import</button>
          {info.data && <span className="small muted">Up to {formatSize(info.data.maxUploadBytes)} per file (.gz accepted), {info.data.maxFieldChars.toLocaleString()} characters per text.</span>}
        </div>
      </form>
      {stage.kind !== 'idle' && <h3>{stage.kind === 'uploading' ? 'Uploading' : stage.kind === 'failed' ? 'Upload failed' : 'This import'}</h3>}
      {stage.kind === 'uploading' && (
        <div data-testid="upload-progress"><ProgressBar value={Math.round(stage.loaded / 1024)} total={Math.max(1, Math.round(stage.total / 1024))} label="KB uploaded" /></div>
      )}
      {stage.kind === 'processing' && <Processing importId={stage.importId} onFinished={onFinished} />}
      {stage.kind === 'failed' && <p className="error" role="alert" data-testid="upload-error">{stage.message}</p>}
    </div>
  )
}
