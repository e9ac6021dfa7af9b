'use client'
// The project list with labelling progress, and the "new project" dialog for staff.
import Link from 'next/link'
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../trpc.ts'
import { ProgressBar } from '../_components/progress-bar.tsx'

export function ProjectList({ canCreate }: { canCreate: boolean }) {
  const trpc = useTRPC()
  const projects = useQuery(trpc.projects.list.queryOptions())
  const [creating, setCreating] = useState(false)
  return (
    <div>
      <div className="row">
        <h1>Projects</h1>
        <span className="spacer" />
        {canCreate && <button className="btn btn-primary" onClick={() => setCreating(true)}>New project</button>}
      </div>
      {projects.isLoading && <p className="muted">Loading…</p>}
      {projects.error && <p className="error">{projects.error.message}</p>}
      {projects.data?.length === 0 && <p className="muted">No projects yet{canCreate ? ': create one.' : '. Ask a researcher to assign you to one.'}</p>}
      {projects.data?.map((p) => (
        <div className="card" key={p.id} data-testid="project-card">
          <div className="row">
            <Link href={`/projects/${p.id}`}><h2 style={{ margin: 0 }}>{p.name}</h2></Link>
            <span className="spacer" />
            <span className="muted small">{p.pairCount.toLocaleString()} pairs · {p.overlap} annotators per pair · {p.memberCount} members</span>
          </div>
          {p.description && <p className="muted">{p.description}</p>}
          <ProgressBar value={p.humanLabels} total={p.labelsNeeded} label="human labels" />
        </div>
      ))}
      {creating && <CreateProjectDialog onClose={() => setCreating(false)} />}
    </div>
  )
}

function CreateProjectDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const create = useMutation(trpc.projects.create.mutationOptions({
    onSuccess: () => { void qc.invalidateQueries(trpc.projects.list.queryFilter()); onClose() },
  }))
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog form" onClick={(e) => e.stopPropagation()} onSubmit={(e) => {
        e.preventDefault()
        const f = new FormData(e.currentTarget)
        create.mutate({ name: String(f.get('name')), description: String(f.get('description')), guidelines: String(f.get('guidelines')), overlap: Number(f.get('overlap')) })
      }}>
        <h2>New project</h2>
        <label>Name<input name="name" required maxLength={120} autoFocus /></label>
        <label>Description<input name="description" maxLength={2000} /></label>
        <label>Annotators per pair<input name="overlap" type="number" min={1} max={20} defaultValue={2} /></label>
        <label>Guidelines (markdown)<textarea name="guidelines" /></label>
        {create.error && <p className="error">{create.error.message}</p>}
        <div className="row"><button className="btn btn-primary" disabled={create.isPending}>Create</button><button type="button" className="btn" onClick={onClose}>Cancel</button></div>
      </form>
    </div>
  )
}
