'use client'
// The judge's API key: whether one is set (the key itself never comes back from the server), and
// setting, replacing or removing it. The typed key is cleared as soon as the server has it, so it is
// not left in the page. A stored key belongs to the endpoint it was entered for: changing the endpoint
// removes it. A judge that uses a server key (set up by an admin) stores none.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'
import type { JudgeDetail } from '../types.ts'

export function ApiKeyPanel({ judge }: { judge: JudgeDetail }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [key, setKey] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const update = useMutation(trpc.judges.update.mutationOptions({
    onSuccess: (j, input) => {
      setKey('')
      setDone(input.apiKey === null ? 'Key removed.' : 'Key saved. It will not be shown again.')
      void qc.invalidateQueries(trpc.judges.get.queryFilter({ judgeId: judge.id }))
      void qc.invalidateQueries(trpc.judges.list.queryFilter({ projectId: j.projectId }))
    },
  }))

  function submit(e: FormEvent) {
    e.preventDefault()
    setDone(null)
    if (key.trim()) update.mutate({ judgeId: judge.id, apiKey: key.trim() })
  }

  const p = judge.config.provider
  if (p.kind === 'onnx') {
    return <div className="card"><h2>API key</h2><p className="small muted">A local ONNX model needs no key.</p></div>
  }
  if (p.apiKeyRef) {
    return (
      <div className="card judge-key" aria-label="API key">
        <h2>API key <span className="badge badge-ok" data-testid="api-key-state">server key</span></h2>
        <p className="small muted">This judge uses the server key <strong>{p.apiKeyRef}</strong>, which an admin keeps on the server for one endpoint; the worker sends it only there. Choose “none” under Server key to store a key of its own.</p>
      </div>
    )
  }
  return (
    <form className="card form judge-key" aria-label="API key" onSubmit={submit}>
      <h2>API key {judge.hasApiKey
        ? <span className="badge badge-ok" data-testid="api-key-state">key set</span>
        : <span className="badge" data-testid="api-key-state">no key</span>}</h2>
      <p className="small muted">
        Stored encrypted on the server and used only by the worker that runs the judge; it is never sent back to a browser or written
        to a log, and sent only to the endpoint it was entered for: changing the endpoint removes it.{' '}
        {judge.hasApiKey ? 'Type a new one to replace it.' : 'Endpoints such as a local vLLM need none.'}
      </p>
      <label>{judge.hasApiKey ? 'New API key' : 'API key'}
        <input type="password" value={key} onChange={(e) => { setKey(e.target.value); setDone(null) }} autoComplete="new-password" maxLength={4096} />
      </label>
      {update.error && <p className="error" role="alert">{update.error.message}</p>}
      <div className="row">
        <button className="btn btn-primary" disabled={!key.trim() || update.isPending}>{judge.hasApiKey ? 'Replace key' : 'Set key'}</button>
        {judge.hasApiKey && (
          <button type="button" className="btn btn-danger" disabled={update.isPending} onClick={() => { setDone(null); update.mutate({ judgeId: judge.id, apiKey: null }) }}>Remove key</button>
        )}
        {done && <span className="small ok" role="status">{done}</span>}
      </div>
    </form>
  )
}
