'use client'
// Editing a judge: its name and settings. A changed configuration makes a new version (labels made
// with the old one stay apart under their own rater key), so the form says so before and after
// saving; a rename alone keeps the version. A stored key belongs to its endpoint: the form warns that
// a new provider or base-URL origin removes it, and says so again when it was removed.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState, type FormEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'
import { configFromDraft, draftFromConfig, keyEndpointOf } from '../config-fields.ts'
import { ConfigFields } from '../config-form.tsx'
import type { JudgeDetail } from '../types.ts'

export function SettingsEditor({ judge }: { judge: JudgeDetail }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [name, setName] = useState(judge.name)
  const [draft, setDraft] = useState(() => draftFromConfig(judge.config))
  const [saved, setSaved] = useState<string | null>(null)
  // Compared in the form's own terms, so defaults the server filled in do not count as changes.
  const stored = useMemo(() => JSON.stringify(configFromDraft(draftFromConfig(judge.config))), [judge.config])
  const configChanged = JSON.stringify(configFromDraft(draft)) !== stored
  const dirty = configChanged || name.trim() !== judge.name
  const keyGoes = judge.hasApiKey && (draft.apiKeyRef !== undefined || keyEndpointOf(draft) !== keyEndpointOf(draftFromConfig(judge.config)))
  const update = useMutation(trpc.judges.update.mutationOptions({
    onSuccess: (j) => {
      const version = j.version > judge.version
        ? `Saved. The configuration changed, so this judge is now version ${j.version}; labels of earlier versions stay under their own rater.`
        : `Saved. The configuration is unchanged: still version ${j.version}.`
      setSaved(judge.hasApiKey && !j.hasApiKey ? `${version} The stored API key was removed with the old endpoint: enter it again.` : version)
      setDraft(draftFromConfig(j.config))
      void qc.invalidateQueries(trpc.judges.get.queryFilter({ judgeId: judge.id }))
      void qc.invalidateQueries(trpc.judges.list.queryFilter({ projectId: judge.projectId }))
    },
  }))

  function submit(e: FormEvent) {
    e.preventDefault()
    setSaved(null)
    update.mutate({ judgeId: judge.id, name: name.trim(), ...(configChanged ? { config: configFromDraft(draft) } : {}) })
  }

  return (
    <form className="card form" aria-label="Judge settings" onSubmit={submit}>
      <h2>Settings <span className="badge" data-testid="judge-version">version {judge.version}</span></h2>
      <label>Name<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} /></label>
      <ConfigFields draft={draft} onChange={(d) => { setDraft(d); setSaved(null) }} disabled={update.isPending}
        endpointNote={keyGoes && <span className="small warn" data-testid="key-removal-note">{draft.apiKeyRef
          ? 'Using a server key removes the key stored with this judge.'
          : 'Changing the endpoint removes the stored key; enter it again.'}</span>} />
      {update.error && <p className="error" role="alert">{update.error.data?.zodIssues?.join('; ') || update.error.message}</p>}
      <div className="row">
        <button className="btn btn-primary" disabled={!dirty || update.isPending}>{update.isPending ? 'Saving…' : 'Save settings'}</button>
        {configChanged && <span className="small warn" data-testid="version-note">Saving makes version {judge.version + 1}: the next runs label under a new rater; earlier labels stay as they are.</span>}
        {!dirty && saved && <span className="small ok" role="status" data-testid="settings-saved">{saved}</span>}
      </div>
    </form>
  )
}
