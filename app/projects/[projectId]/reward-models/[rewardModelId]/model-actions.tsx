'use client'
// What can be done with a reward model as a whole: rename it (names are unique in the project),
// download its ONNX export or checkpoint as a tar archive, and delete it with its scores, evaluations,
// jobs and files (asked twice; refused by the server while one of its jobs runs).
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'

type Props = { projectId: string; rm: { id: string; name: string; downloads: { onnx: boolean; checkpoint: boolean } } }

export function ModelActions({ projectId, rm }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const router = useRouter()
  const [renaming, setRenaming] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const refresh = () => {
    void qc.invalidateQueries(trpc.rewardModels.get.queryFilter({ rewardModelId: rm.id }))
    void qc.invalidateQueries(trpc.rewardModels.list.queryFilter({ projectId }))
  }
  const rename = useMutation(trpc.rewardModels.rename.mutationOptions({ onSuccess: () => { setRenaming(false); refresh() } }))
  const remove = useMutation(trpc.rewardModels.delete.mutationOptions({
    onSuccess: () => {
      void qc.invalidateQueries(trpc.rewardModels.list.queryFilter({ projectId }))
      router.push(`/projects/${projectId}/reward-models`)
    },
  }))
  const href = (part: string) => `/api/reward-models/${encodeURIComponent(rm.id)}/download?part=${part}`

  function submitRename(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    rename.mutate({ rewardModelId: rm.id, name: String(new FormData(e.currentTarget).get('name')).trim() })
  }

  return (
    <div className="row model-actions" data-testid="model-actions">
      {renaming ? (
        <form className="row" onSubmit={submitRename} aria-label="Rename reward model">
          <input name="name" defaultValue={rm.name} required maxLength={120} aria-label="New name" autoFocus />
          <button className="btn btn-small btn-primary" disabled={rename.isPending}>Save</button>
          <button type="button" className="btn btn-small" onClick={() => setRenaming(false)}>Cancel</button>
        </form>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setRenaming(true)}>Rename</button>
      )}
      {rm.downloads.onnx && <a className="btn btn-small" href={href('onnx')} download>Download ONNX (.tar)</a>}
      {rm.downloads.checkpoint && <a className="btn btn-small" href={href('checkpoint')} download>Download checkpoint (.tar)</a>}
      {deleting ? (
        <span className="job-confirm" role="group" aria-label="Confirm deleting">
          <span className="small">Delete &ldquo;{rm.name}&rdquo; with its scores, benchmark results, jobs and files? This cannot be undone.</span>
          <button type="button" className="btn btn-small btn-danger" disabled={remove.isPending} onClick={() => remove.mutate({ rewardModelId: rm.id })}>Yes, delete</button>
          <button type="button" className="btn btn-small" onClick={() => setDeleting(false)}>Keep it</button>
        </span>
      ) : (
        <button type="button" className="btn btn-small btn-danger" onClick={() => setDeleting(true)}>Delete…</button>
      )}
      {(rename.error || remove.error) && <span className="error small" role="alert">{rename.error?.message ?? remove.error?.message}</span>}
    </div>
  )
}
