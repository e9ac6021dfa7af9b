'use client'
// The base-model choice of the training dialogs (reward models, SFT policies): the built-in GPTs with
// whether they are pretrained here yet (and how long that took on this server), or a Hugging Face
// folder on the server. `kind` names what the folder must hold.
import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '../trpc.ts'
import { formatDuration } from './job-status-badge.tsx'

export type BaseChoice = 'small' | 'tiny' | 'hf'

/** The chosen base as a run's config: the built-in size, or the folder typed into the field. */
export const baseFromForm = (base: BaseChoice, f: FormData) =>
  base === 'hf' ? { source: 'HF_FOLDER' as const, path: String(f.get('hfPath')) } : { source: 'BUILTIN' as const, size: base }

export function BaseModelField({ base, setBase, folderHint = 'a model folder on the server, inside the model folders an admin set (config.json and weights)' }: { base: BaseChoice; setBase: (b: BaseChoice) => void; folderHint?: string }) {
  const trpc = useTRPC()
  const bases = useQuery(trpc.rewardModels.baseModels.queryOptions())
  const builtin = (size: string) => bases.data?.filter((b) => b.source === 'BUILTIN' && b.ref === size) ?? []
  const note = (size: string) => {
    if (!bases.data) return '…'
    if (builtin(size).some((b) => b.status === 'READY')) return 'pretrained, ready'
    const took = builtin(size).find((b) => b.pretrainSeconds !== null)?.pretrainSeconds
    // Measured on this server when it has pretrained this size before; else the run page shows a live estimate.
    return took ? `pretrained here first (took ${formatDuration(took * 1000)} last time)` : 'pretrained here first; the run page shows its progress and time left'
  }
  return (
    <fieldset className="form-fieldset">
      <legend>Base model</legend>
      <label className="radio-field"><input type="radio" name="base" checked={base === 'small'} onChange={() => setBase('small')} />
        <span><strong>Built-in small</strong> (default) <span className="muted">· 16M-parameter GPT · {note('small')}</span></span></label>
      <label className="radio-field"><input type="radio" name="base" checked={base === 'tiny'} onChange={() => setBase('tiny')} />
        <span><strong>Built-in tiny</strong> <span className="muted">· fast, for trying things · {note('tiny')}</span></span></label>
      <label className="radio-field"><input type="radio" name="base" checked={base === 'hf'} onChange={() => setBase('hf')} />
        <span><strong>Hugging Face folder</strong> <span className="muted">· {folderHint}</span></span></label>
      {base === 'hf' && <input name="hfPath" required maxLength={1000} placeholder="/models/gpt2" aria-label="Folder path on the server" className="rm-hf-path" />}
    </fieldset>
  )
}

