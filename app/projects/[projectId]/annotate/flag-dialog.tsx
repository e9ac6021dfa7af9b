'use client'
// "Flag this pair" on the annotate page: a reason for a researcher (broken text, both responses
// harmful, an unclear prompt), sent through annotation.flag, the procedure History's Flag uses.
// Flagging neither labels nor skips: the pair stays the current item.
import { useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'

type Props = { pairId: string; onClose: () => void; onSent: () => void }

export function FlagDialog({ pairId, onClose, onSent }: Props) {
  const trpc = useTRPC()
  const [reason, setReason] = useState('')
  const flag = useMutation(trpc.annotation.flag.mutationOptions({ onSuccess: () => { onSent(); onClose() } }))
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog form" aria-label="Flag this pair" onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onClose() } }}
        onSubmit={(e) => { e.preventDefault(); flag.mutate({ pairId, reason }) }}>
        <h2>Flag this pair</h2>
        <p className="muted small">A researcher will review it. The pair stays here: label it if you can, or skip it.</p>
        <label>Reason
          <textarea name="reason" required maxLength={2000} rows={3} autoFocus value={reason}
            placeholder="What is wrong with this pair?" onChange={(e) => setReason(e.target.value)} />
        </label>
        {flag.error && <p className="error" role="alert">{flag.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={flag.isPending || !reason.trim()}>Send flag</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
