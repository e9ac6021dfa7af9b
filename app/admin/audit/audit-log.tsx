'use client'
// The audit table with filters (entity type, acting user) and "Load more" paging by cursor.
import Link from 'next/link'
import { useState } from 'react'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useTRPC } from '../../trpc.ts'

// The entity types services record; the log itself accepts any string.
const ENTITY_TYPES = ['Project', 'User', 'Import', 'Label', 'Assignment', 'Job']
const PAGE = 50

export function AuditLog() {
  const trpc = useTRPC()
  const [entityType, setEntityType] = useState('')
  const [userId, setUserId] = useState('')
  const users = useQuery(trpc.users.list.queryOptions())
  const projects = useQuery(trpc.projects.list.queryOptions())
  // Entity ids are opaque; name the users and projects we know.
  const names = new Map<string, string>([
    ...(users.data ?? []).map((u) => [u.id, u.name] as [string, string]),
    ...(projects.data ?? []).map((p) => [p.id, p.name] as [string, string]),
  ])
  const log = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions(
    { entityType: entityType || undefined, userId: userId || undefined, limit: PAGE },
    { getNextPageParam: (last) => last.nextCursor },
  ))
  const rows = log.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <div>
      <div className="row">
        <h1>Audit log</h1>
        <span className="spacer" />
        <label className="field inline">Entity
          <select aria-label="Entity type" value={entityType} onChange={(e) => setEntityType(e.target.value)}>
            <option value="">any</option>
            {ENTITY_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label className="field inline">By
          <select aria-label="User" className="user-filter" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">anyone</option>
            {users.data?.map((u) => <option key={u.id} value={u.id}>{u.name} ({u.email})</option>)}
          </select>
        </label>
      </div>
      {log.error && <p className="error">{log.error.message}</p>}
      <div className="card table-card">
        <table>
          <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Entity</th><th>Detail</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row">
                <td className="small nowrap" title={r.createdAt.toISOString()}>{r.createdAt.toLocaleString()}</td>
                <td className="small">{r.user ? r.user.name : <span className="muted">system</span>}</td>
                <td><code>{r.action}</code></td>
                <td className="small"><EntityRef type={r.entityType} id={r.entityId} name={names.get(r.entityId)} /></td>
                <td className="small"><Detail value={r.detail} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.isLoading && <p className="muted">Loading…</p>}
        {!log.isLoading && rows.length === 0 && <p className="muted">No entries match.</p>}
      </div>
      {log.hasNextPage && (
        <button className="btn" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  )
}

function EntityRef({ type, id, name }: { type: string; id: string; name?: string }) {
  const label = name ? <span title={id}>{name}</span> : <code>{id}</code>
  if (type === 'Project') return <>{type} <Link href={`/projects/${id}`}>{label}</Link></>
  return <>{type} {label}</>
}

/** Short JSON on one line; longer detail folds open. */
function Detail({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>
  const text = JSON.stringify(value)
  if (text.length <= 80) return <code className="detail">{text}</code>
  return (
    <details>
      <summary><code className="detail">{text.slice(0, 72)}…</code></summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  )
}
