'use client'
// "New judge" dialog: a name, the settings (config-form.tsx) and, for an endpoint that needs one, the
// API key. The key goes to the server once, is stored encrypted and never comes back: the judge's
// page only says whether one is set.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { configFromDraft, defaultDraft } from './config-fields.ts'
import { ConfigFields } from './config-form.tsx'

type Props = { projectId: string; defaultName: string; onClose: () => void; onCreated: (judgeId: string) => void }

export function NewJudgeDialog({ projectId, defaultName, onClose, onCreated }: Props) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [name, setName] = useState(defaultName)
  const [draft, setDraft] = useState(defaultDraft)
  const [apiKey, setApiKey] = useState('')
  const create = useMutation(trpc.judges.create.mutationOptions({
    onSuccess: (judge) => {
      // Dropped at once: the key should live in the page no longer than the request.
      setApiKey('')
      void qc.invalidateQueries(trpc.judges.list.queryFilter({ projectId }))
      onCreated(judge.id)
    },
  }))

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const key = draft.kind === 'openai' ? apiKey.trim() : ''
    create.mutate({ projectId, name: name.trim(), config: configFromDraft(draft), ...(key ? { apiKey: key } : {}) })
  }

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog dialog-wide form" aria-label="New judge" onClick={(e) => e.stopPropagation()} onSubmit={submit}>
        <h2>New AI judge</h2>
        <p className="small muted judge-lead">
          A judge labels pairs like an annotator (RLAIF): it is shown the prompt and both responses and says which is better.
          Start it on a small random sample to see its alignment and cost before running it on the whole project.
        </p>
        <label>Name<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoFocus /></label>
        <ConfigFields draft={draft} onChange={setDraft} keyField={
          <label className="judge-key-field">API key
            <input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="new-password" maxLength={4096}
              placeholder="optional: endpoints like a local vLLM need none" />
            <span className="small muted">Sent once and stored encrypted on the server; it is never shown again, here or in logs.</span>
          </label>
        } />
        {create.error && <p className="error" role="alert" data-testid="judge-form-error">{create.error.data?.zodIssues?.join('; ') || create.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create judge'}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
