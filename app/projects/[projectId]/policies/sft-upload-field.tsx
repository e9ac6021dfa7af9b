'use client'
// The SFT dialog's "uploaded file" data source: the project's uploaded prompt/response files to pick
// from, and an upload of a new one (checked whole by the server; a refusal names the bad lines).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'

type Uploaded = { id: string; filename: string; examples: number; prompts: number; bytes: number }

async function uploadSftFile(projectId: string, file: File): Promise<Uploaded> {
  // The route takes this type only (415 otherwise) and checks the Origin: a cross-site form cannot send it.
  const res = await fetch(`/api/projects/${encodeURIComponent(projectId)}/sft-datasets?${new URLSearchParams({ filename: file.name })}`, {
    method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file,
  })
  const body = await res.json().catch(() => ({})) as Partial<Uploaded> & { error?: string }
  if (res.status !== 201) throw new Error(body.error ?? `Upload failed (HTTP ${res.status})`)
  return body as Uploaded
}

type Props = { projectId: string; datasetId: string; setDatasetId: (id: string) => void }

export function SftUploadField({ projectId, datasetId, setDatasetId }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const sets = useQuery(trpc.policies.sftDatasets.queryOptions({ projectId }))
  const upload = useMutation({
    mutationFn: (file: File) => uploadSftFile(projectId, file),
    onSuccess: (u) => { void qc.invalidateQueries(trpc.policies.sftDatasets.queryFilter({ projectId })); setDatasetId(u.id) },
  })
  const list = sets.data ?? []
  return (
    <div className="form-grid" data-testid="sft-upload-field">
      <label>Uploaded file
        <select value={datasetId} onChange={(e) => setDatasetId(e.target.value)} aria-label="Uploaded file" required>
          <option value="">{list.length ? 'choose a file…' : 'none uploaded yet'}</option>
          {list.map((d) => <option key={d.id} value={d.id}>{d.filename} · {d.examples.toLocaleString()} examples, {d.prompts.toLocaleString()} prompts</option>)}
        </select>
      </label>
      <label>Upload a file
        <input type="file" accept=".jsonl,.json,.gz" data-testid="sft-upload-file" disabled={upload.isPending} onChange={(e) => { const f = e.target.files?.[0]; if (f) upload.mutate(f) }} />
        <span className="small muted">JSON Lines, one {'{"prompt": …, "response": …}'} per line (the prompt as the model sees it, e.g. &quot;\n\nHuman: …\n\nAssistant:&quot;); loss on the response only, held-out prompts split as below</span>
      </label>
      {upload.isPending && <p className="small muted">Uploading and checking…</p>}
      {upload.error && <p className="error" role="alert" data-testid="sft-upload-error">{upload.error.message}</p>}
      {upload.data && <p className="small" data-testid="sft-upload-ok">Stored {upload.data.filename}: {upload.data.examples.toLocaleString()} examples</p>}
    </div>
  )
}
