'use client'
// The admin's users table: change role, deactivate/reactivate, reset password, assign projects.
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../trpc.ts'
import { NewUserDialog } from './new-user-dialog.tsx'
import { ResetPasswordDialog } from './reset-password-dialog.tsx'
import { AssignProjectsDialog } from './assign-projects-dialog.tsx'

type Role = 'ANNOTATOR' | 'RESEARCHER' | 'ADMIN'
type User = { id: string; email: string; name: string; role: Role; active: boolean; projects: { id: string; name: string }[] }
type Open = { kind: 'new' } | { kind: 'reset'; user: User } | { kind: 'projects'; user: User } | null

export function UsersAdmin({ meId }: { meId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const users = useQuery(trpc.users.list.queryOptions())
  const [open, setOpen] = useState<Open>(null)
  const [filter, setFilter] = useState('')
  const update = useMutation(trpc.users.update.mutationOptions({
    onSettled: () => qc.invalidateQueries(trpc.users.list.queryFilter()),
  }))
  const q = filter.trim().toLowerCase()
  const shown = users.data?.filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.includes(q))
  const counts = users.data && {
    active: users.data.filter((u) => u.active).length,
    admins: users.data.filter((u) => u.active && u.role === 'ADMIN').length,
  }
  return (
    <div>
      <div className="row">
        <h1>Users</h1>
        {counts && <span className="muted small">{counts.active} active · {counts.admins} admin{counts.admins === 1 ? '' : 's'}</span>}
        <span className="spacer" />
        <input type="search" placeholder="Filter by name or email" aria-label="Filter users" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button className="btn btn-primary" onClick={() => setOpen({ kind: 'new' })}>New user</button>
      </div>
      {users.isLoading && <p className="muted">Loading…</p>}
      {users.error && <p className="error">{users.error.message}</p>}
      {update.error && <p className="error" role="alert">{update.error.message}</p>}
      {shown && (
        <div className="card table-card">
          <table>
            <thead><tr><th>User</th><th>Role</th><th>Status</th><th>Projects</th><th /></tr></thead>
            <tbody>
              {shown.map((u) => (
                <UserRow key={u.id} user={u} isMe={u.id === meId} busy={update.isPending && update.variables?.userId === u.id}
                  onUpdate={(patch) => update.mutate({ userId: u.id, patch })}
                  onReset={() => setOpen({ kind: 'reset', user: u })}
                  onProjects={() => setOpen({ kind: 'projects', user: u })} />
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p className="muted">No user matches “{filter}”.</p>}
        </div>
      )}
      {open?.kind === 'new' && <NewUserDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'reset' && <ResetPasswordDialog user={open.user} onClose={() => setOpen(null)} />}
      {open?.kind === 'projects' && <AssignProjectsDialog user={open.user} onClose={() => setOpen(null)} />}
    </div>
  )
}

type RowProps = {
  user: User; isMe: boolean; busy: boolean
  onUpdate: (patch: { role?: Role; active?: boolean }) => void
  onReset: () => void; onProjects: () => void
}

function UserRow({ user: u, isMe, busy, onUpdate, onReset, onProjects }: RowProps) {
  const selfNote = isMe ? 'You cannot demote or deactivate yourself' : undefined
  return (
    <tr data-testid="user-row" data-email={u.email} className={u.active ? '' : 'inactive'}>
      <td>
        <strong>{u.name}</strong>{isMe && <span className="muted small"> (you)</span>}
        <div className="muted small">{u.email}</div>
      </td>
      <td>
        <select aria-label={`Role of ${u.name}`} value={u.role} disabled={isMe || busy} title={selfNote}
          onChange={(e) => onUpdate({ role: e.target.value as Role })}>
          <option value="ANNOTATOR">annotator</option>
          <option value="RESEARCHER">researcher</option>
          <option value="ADMIN">admin</option>
        </select>
      </td>
      <td>{u.active ? <span className="badge badge-ok">active</span> : <span className="badge badge-err">deactivated</span>}</td>
      <td className="small">
        {u.role === 'ANNOTATOR'
          ? (u.projects.length ? u.projects.map((p) => p.name).join(', ') : <span className="muted">none</span>)
          : <span className="muted">all projects ({u.role.toLowerCase()})</span>}
      </td>
      <td><div className="row-actions">
        {u.role === 'ANNOTATOR' && <button className="btn btn-small" onClick={onProjects}>Projects…</button>}
        <button className="btn btn-small" onClick={onReset}>Reset password…</button>
        {u.active ? (
          <button className="btn btn-small btn-danger" disabled={isMe || busy} title={selfNote} onClick={() => onUpdate({ active: false })}>Deactivate</button>
        ) : (
          <button className="btn btn-small" disabled={busy} onClick={() => onUpdate({ active: true })}>Reactivate</button>
        )}
      </div></td>
    </tr>
  )
}
