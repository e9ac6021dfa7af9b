'use client'
// What the explorer does with the filtered set: save the filter under a name (or apply a saved
// one), download it (the export route with the filter), or send it to a judge run.
import Link from 'next/link'
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'
import type { FilterValues } from './explorer-filters.tsx'

type Props = { projectId: string; filter: FilterValues; onApply: (filter: FilterValues) => void }

export function ExplorerActions({ projectId, filter, onApply }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const saved = useQuery(trpc.data.savedFilters.queryOptions({ projectId }))
  const judges = useQuery(trpc.judges.list.queryOptions({ projectId }))
  const [name, setName] = useState('')
  const [judgeId, setJudgeId] = useState('')
  const save = useMutation(trpc.data.saveFilter.mutationOptions({ onSuccess: () => { setName(''); void qc.invalidateQueries(trpc.data.savedFilters.queryFilter({ projectId })) } }))
  const remove = useMutation(trpc.data.deleteFilter.mutationOptions({ onSuccess: () => void qc.invalidateQueries(trpc.data.savedFilters.queryFilter({ projectId })) }))
  const judge = useMutation(trpc.judges.startRun.mutationOptions())
  const exportHref = (kind: string) => `/api/projects/${projectId}/export?kind=${kind}&filter=${encodeURIComponent(JSON.stringify(filter))}`
  return (
    <div className="card">
      <div className="row">
        <label className="field inline">Saved filters
          <select aria-label="Saved filters" value="" onChange={(e) => {
            const f = saved.data?.find((s) => s.id === e.target.value)
            if (f) onApply(Object.fromEntries(Object.entries(f.filter).map(([k, v]) => [k, String(v)])))
          }}>
            <option value="">{saved.data?.length ? 'apply…' : 'none yet'}</option>
            {saved.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <form className="row" onSubmit={(e) => { e.preventDefault(); save.mutate({ projectId, name, filter }) }}>
          <input aria-label="Filter name" placeholder="name this filter" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          <button className="btn btn-small" disabled={save.isPending}>Save filter</button>
        </form>
        {saved.data?.length ? (
          <details><summary className="small">Manage</summary>
            {saved.data.map((s) => <div key={s.id} className="small">{s.name} <button type="button" className="btn btn-small btn-danger" onClick={() => remove.mutate({ filterId: s.id })}>Delete</button></div>)}
          </details>
        ) : null}
        <span className="spacer" />
        <a className="btn btn-small" href={exportHref('full')} download>Export filtered (full)</a>
        <a className="btn btn-small" href={exportHref('trl')} download>Export filtered (TRL)</a>
        <form className="row" onSubmit={(e) => { e.preventDefault(); judge.mutate({ judgeId, scope: 'PAIRS', filter }) }}>
          <select aria-label="Judge" value={judgeId} onChange={(e) => setJudgeId(e.target.value)} required>
            <option value="">judge…</option>
            {judges.data?.judges.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
          </select>
          <button className="btn btn-small" disabled={!judgeId || judge.isPending}>Judge filtered pairs</button>
        </form>
      </div>
      {save.error && <p className="error" role="alert">{save.error.message}</p>}
      {save.isSuccess && <p className="ok small" role="status">Filter saved.</p>}
      {judge.error && <p className="error" role="alert">{judge.error.message}</p>}
      {judge.data && <p className="ok small" role="status">Judge run started: <Link href={`/projects/${projectId}/judges/${judge.data.judgeId}`}>follow it</Link>.</p>}
    </div>
  )
}
