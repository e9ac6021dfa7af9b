'use client'
// The data explorer: the filter (from the URL), a page of 50 pairs and the keyset pager. "Next"
// puts the page's cursor in the URL; the cursors of earlier pages are kept here for "Previous".
import Link from 'next/link'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'
import { num } from '../../../_components/format.ts'
import { ExplorerFilters, type FilterValues } from './explorer-filters.tsx'
import { ExplorerActions } from './explorer-actions.tsx'

const MAJORITY_TEXT: Record<string, string> = { A: 'A', B: 'B', TIE: 'tie', SPLIT: 'split' }

export function Explorer({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const router = useRouter()
  const path = usePathname()
  const params = useSearchParams()
  const all = Object.fromEntries(params.entries())
  const { after, ...filter } = all as FilterValues & { after?: string }
  const [earlier, setEarlier] = useState<(string | undefined)[]>([])
  const page = useQuery(trpc.data.pairs.queryOptions({ projectId, filter, after, limit: 50 }))
  const models = useQuery(trpc.rewardModels.list.queryOptions({ projectId }))
  const imports = useQuery(trpc.imports.list.queryOptions({ projectId }))
  const go = (next: FilterValues, cursor?: string) => {
    const q = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== '' && v !== undefined))
    if (cursor) q.set('after', cursor)
    router.replace(q.size ? `${path}?${q}` : path)
  }
  const setFilter = (patch: FilterValues) => { setEarlier([]); go({ ...filter, ...patch }) }
  const pairHref = (id: string) => `/projects/${projectId}/data/pairs/${id}`
  return (
    <div>
      <div className="card">
        <ExplorerFilters key={params.toString()} values={filter} models={models.data ?? []} imports={imports.data ?? []} onChange={setFilter} />
      </div>
      <ExplorerActions projectId={projectId} filter={filter} onApply={(f) => { setEarlier([]); go(f) }} />
      <div className="card">
        {page.error && <p className="error" role="alert">{page.error.message}</p>}
        <table className="data-table explorer-table" data-testid="explorer-table">
          <thead>
            <tr><th>#</th><th>Prompt</th><th className="num">Human</th><th>Majority</th><th className="num">AI</th><th>AI majority</th><th className="num">Margin</th><th className="num">Length</th><th>Marks</th></tr>
          </thead>
          <tbody>
            {page.data?.rows.map((r) => (
              <tr key={r.id} data-testid="explorer-row">
                <td className="num"><Link href={pairHref(r.id)}>{r.ordinal}</Link></td>
                <td className="text"><Link href={pairHref(r.id)} title={r.prompt}>{r.prompt}</Link></td>
                <td className="num">{r.humanLabels}</td>
                <td>{r.humanMajority ? MAJORITY_TEXT[r.humanMajority] : '–'}</td>
                <td className="num">{r.aiLabels}</td>
                <td>{r.aiMajority ? MAJORITY_TEXT[r.aiMajority] : '–'}</td>
                <td className="num">{num(r.margin, 2)}</td>
                <td className="num">{r.length.toLocaleString()}</td>
                <td>{r.gold && <span className="badge badge-ok">gold</span>} {r.openFlags > 0 && <span className="badge badge-err">{r.openFlags} flag{r.openFlags === 1 ? '' : 's'}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.data && page.data.rows.length === 0 && <p className="muted" data-testid="explorer-empty">No pairs match this filter.</p>}
        {page.isPending && <p className="muted">Loading…</p>}
        <div className="row" style={{ marginTop: '.75rem' }}>
          <button type="button" className="btn btn-small" disabled={earlier.length === 0} onClick={() => { const prev = earlier[earlier.length - 1]; setEarlier(earlier.slice(0, -1)); go(filter, prev) }}>Previous page</button>
          <button type="button" className="btn btn-small" disabled={!page.data?.next} onClick={() => { setEarlier([...earlier, after]); go(filter, page.data!.next!) }}>Next page</button>
          <span className="muted small">Page {earlier.length + 1} · 50 pairs a page</span>
        </div>
      </div>
    </div>
  )
}
