'use client'
// "Projects" dialog: tick the projects an annotator labels (replaces their assignments).
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../trpc.ts'

type User = { id: string; name: string; projects: { id: string }[] }

export function AssignProjectsDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const projects = useQuery(trpc.projects.list.queryOptions())
  const [picked, setPicked] = useState(() => new Set(user.projects.map((p) => p.id)))
  const save = useMutation(trpc.users.setProjects.mutationOptions({
    onSuccess: () => {
      void qc.invalidateQueries(trpc.users.list.queryFilter())
      void qc.invalidateQueries(trpc.projects.list.queryFilter())
      onClose()
    },
  }))
  const toggle = (id: string) => setPicked((s) => {
    const next = new Set(s)
    if (!next.delete(id)) next.add(id)
    return next
  })
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog form" aria-label="Assign projects" onClick={(e) => e.stopPropagation()} onSubmit={(e) => {
        e.preventDefault()
        save.mutate({ userId: user.id, projectIds: [...picked] })
      }}>
        <h2>Projects for {user.name}</h2>
        <p className="muted small">{user.name} labels only the ticked projects.</p>
        {projects.isLoading && <p className="muted">Loading…</p>}
        {projects.data?.length === 0 && <p className="muted">No projects yet.</p>}
        <div className="checklist">
          {projects.data?.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={picked.has(p.id)} onChange={() => toggle(p.id)} />
              <span>{p.name}</span>
              <span className="muted small">{p.pairCount.toLocaleString()} pairs</span>
            </label>
          ))}
        </div>
        {save.error && <p className="error" role="alert">{save.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={save.isPending || !projects.data}>Save ({picked.size})</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
