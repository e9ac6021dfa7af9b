'use client'
// Which annotators label this project: tick from every annotator, then save (replaces the list).
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'

export function MembersPicker({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const data = useQuery(trpc.projects.members.queryOptions({ projectId }))
  // The user's edits; until the first one, the stored members (no copy into state when they load).
  const [edited, setPicked] = useState<Set<string> | null>(null)
  const [filter, setFilter] = useState('')
  const picked = edited ?? (data.data ? new Set(data.data.members.map((m) => m.id)) : null)
  const save = useMutation(trpc.projects.setMembers.mutationOptions({
    onSuccess: () => qc.invalidateQueries(trpc.projects.pathFilter()),
  }))
  if (data.error) return <div className="card"><p className="error">{data.error.message}</p></div>
  if (!data.data || !picked) return <div className="card"><h2>Annotators</h2><p className="muted">Loading…</p></div>
  // Members who are no longer annotators (promoted) stay listed so they can be removed.
  const byId = new Map([...data.data.members, ...data.data.annotators].map((u) => [u.id, u]))
  const q = filter.trim().toLowerCase()
  const people = [...byId.values()].filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.includes(q))
  const initial = new Set(data.data.members.map((m) => m.id))
  const dirty = picked.size !== initial.size || [...picked].some((id) => !initial.has(id))
  const toggle = (id: string) => { save.reset(); setPicked(() => { const n = new Set(picked); if (!n.delete(id)) n.add(id); return n }) }
  return (
    <form className="card form" aria-label="Project members" onSubmit={(e) => { e.preventDefault(); save.mutate({ projectId, userIds: [...picked] }) }}>
      <div className="row">
        <h2 style={{ margin: 0 }}>Annotators</h2>
        <span className="muted small">{picked.size} of {data.data.annotators.length} assigned · researchers and admins see every project</span>
        <span className="spacer" />
        <input type="search" placeholder="Filter" aria-label="Filter annotators" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {byId.size === 0 && <p className="muted">No annotator accounts yet: an admin creates them under Users.</p>}
      <div className="checklist">
        {people.map((u) => (
          <label key={u.id} className="check" data-testid="member-option">
            <input type="checkbox" checked={picked.has(u.id)} onChange={() => toggle(u.id)} />
            <span>{u.name}</span>
            <span className="muted small">{u.email}</span>
            {!u.active && <span className="badge badge-err">deactivated</span>}
            {u.role !== 'ANNOTATOR' && <span className="badge">{u.role.toLowerCase()}</span>}
          </label>
        ))}
      </div>
      {save.error && <p className="error" role="alert">{save.error.message}</p>}
      <div className="row">
        <button className="btn btn-primary" disabled={!dirty || save.isPending}>Save annotators</button>
        {save.isSuccess && !dirty && <span className="ok" role="status">Saved.</span>}
      </div>
    </form>
  )
}
