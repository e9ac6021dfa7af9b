'use client'
// The judge settings as form fields, shared by the "New judge" dialog and the judge's page: the
// provider (an OpenAI-compatible endpoint or a local ONNX folder), the prompt, sampling, rate,
// price and tie band. Each field shows its default and why (config-fields.ts); the parent owns the
// draft and sends configFromDraft(draft). An endpoint may use a server key an admin set up (listed
// by name and origin, never its value) instead of a key stored with the judge.
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTRPC } from '../../../trpc.ts'
import { FEW_SHOT, NUMBER_GROUPS, PROMPT_HELP, type Draft, type NumberField } from './config-fields.ts'

/**
 * keyField: the API key input, shown with the endpoint's fields (the dialog has one; the page keeps it apart).
 * endpointNote: shown under the base URL (the page warns there that a new endpoint removes the stored key).
 */
type Props = { draft: Draft; onChange: (d: Draft) => void; disabled?: boolean; keyField?: ReactNode; endpointNote?: ReactNode }

export function ConfigFields({ draft, onChange, disabled, keyField, endpointNote }: Props) {
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch })
  return (
    <fieldset className="judge-config" disabled={disabled}>
      <ProviderFields draft={draft} set={set} keyField={keyField} endpointNote={endpointNote} />
      <PromptFields draft={draft} set={set} />
      {NUMBER_GROUPS.map((g) => (
        <fieldset key={g.title} className="form-fieldset">
          <legend>{g.title}</legend>
          <div className="fields-grid">
            {g.fields.map((f) => <NumberInput key={f.key} field={f} draft={draft} set={set} />)}
          </div>
        </fieldset>
      ))}
    </fieldset>
  )
}

type Part = { draft: Draft; set: (patch: Partial<Draft>) => void }

function ProviderFields({ draft, set, keyField, endpointNote }: Part & { keyField?: ReactNode; endpointNote?: ReactNode }) {
  return (
    <fieldset className="form-fieldset">
      <legend>Provider</legend>
      <label className="radio-field"><input type="radio" name="provider" checked={draft.kind === 'openai'} onChange={() => set({ kind: 'openai' })} />
        <span><strong>OpenAI-compatible endpoint</strong> <span className="muted">· OpenAI, vLLM, llama.cpp server, …</span></span></label>
      <label className="radio-field"><input type="radio" name="provider" checked={draft.kind === 'onnx'} onChange={() => set({ kind: 'onnx' })} />
        <span><strong>Local ONNX folder</strong> <span className="muted">· an exported causal LM on the server; runs in the worker, no network</span></span></label>
      {draft.kind === 'openai' ? (
        <div className="grid2 form-grid">
          <label>Base URL
            <input value={draft.baseUrl} required type="url" maxLength={500} placeholder="https://api.openai.com/v1" onChange={(e) => set({ baseUrl: e.target.value })} />
            <span className="small muted">up to and including /v1; a private or local address only if an admin allowed it</span>
            {endpointNote}
          </label>
          <label>Model
            <input value={draft.model} required maxLength={200} placeholder="gpt-4o-mini" onChange={(e) => set({ model: e.target.value })} />
            <span className="small muted">as the endpoint names it</span>
          </label>
          <ServerKeyField draft={draft} set={set} />
          {!draft.apiKeyRef && keyField}
        </div>
      ) : (
        <label>Model folder
          <input value={draft.modelDir} required maxLength={1000} placeholder="/models/qwen2.5-0.5b-onnx" onChange={(e) => set({ modelDir: e.target.value })} />
          <span className="small muted">a folder on the server with the exported model and its tokenizer; checked when you save</span>
        </label>
      )}
    </fieldset>
  )
}

/** The server keys on offer; shown only when an admin set some up (or the judge names one). */
function ServerKeyField({ draft, set }: Part) {
  const trpc = useTRPC()
  const refs = useQuery(trpc.judges.keyRefs.queryOptions()).data ?? []
  if (!refs.length && !draft.apiKeyRef) return null
  const known = refs.some((r) => r.name === draft.apiKeyRef)
  return (
    <label className="judge-key-field">Server key
      <select value={draft.apiKeyRef ?? ''} onChange={(e) => set({ apiKeyRef: e.target.value || undefined })}>
        <option value="">none: store a key with this judge</option>
        {refs.map((r) => <option key={r.name} value={r.name}>{r.name} · for {r.origin}</option>)}
        {draft.apiKeyRef && !known && <option value={draft.apiKeyRef}>{draft.apiKeyRef} · not set up on this server</option>}
      </select>
      <span className="small muted">a key an admin keeps on the server for one endpoint; it is sent only there, and never shown</span>
    </label>
  )
}

function PromptFields({ draft, set }: Part) {
  return (
    <fieldset className="form-fieldset">
      <legend>Prompt</legend>
      <div className="grid2 form-grid">
        <label>Preamble
          <select value={draft.preamble} onChange={(e) => set({ preamble: e.target.value as Draft['preamble'] })}>
            <option value="detailed">detailed</option>
            <option value="base">base</option>
          </select>
          <span className="small muted">{PROMPT_HELP.preamble}</span>
        </label>
        <label>Mode
          <select value={draft.mode} onChange={(e) => set({ mode: e.target.value as Draft['mode'] })}>
            <option value="pairwise">pairwise: which response is better</option>
            <option value="rating">rating (d-RLAIF): each response 1–10</option>
          </select>
          <span className="small muted">{PROMPT_HELP.mode}</span>
        </label>
        <NumberInput field={FEW_SHOT} draft={draft} set={set} />
        <div className="judge-checks">
          <label className="field inline check-field"><input type="checkbox" checked={draft.orderSwap} onChange={(e) => set({ orderSwap: e.target.checked })} /> Order swap</label>
          <span className="small muted">{PROMPT_HELP.orderSwap}</span>
          <label className="field inline check-field"><input type="checkbox" checked={draft.chainOfThought} onChange={(e) => set({ chainOfThought: e.target.checked })} /> Chain of thought</label>
          <span className="small muted">{PROMPT_HELP.chainOfThought}</span>
        </div>
      </div>
    </fieldset>
  )
}

function NumberInput({ field: f, draft, set }: { field: NumberField } & Part) {
  const value = draft.numbers[f.key] ?? ''
  const changed = value.trim() !== '' && Number(value) !== f.default
  return (
    <label title={f.key}>{f.label}
      <input type="number" value={value} min={f.min} max={f.max} step={f.step} placeholder={String(f.default)}
        onChange={(e) => set({ numbers: { ...draft.numbers, [f.key]: e.target.value } })} />
      <span className="small muted"><span className={changed ? 'judge-changed' : undefined}>default {f.default.toLocaleString('en-US')}</span> · {f.help}</span>
    </label>
  )
}
