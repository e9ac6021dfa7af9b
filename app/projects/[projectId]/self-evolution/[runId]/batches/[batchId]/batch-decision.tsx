'use client'
// The decision on a batch. Admins approve (a reason; an override reason too while the spot-check is
// incomplete) or reject it while it is proposed, and may revoke it once approved: its self-labels
// then leave every future training set. Researchers see the decision read-only. All audited.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../../../../../../trpc.ts'
import { whenText } from '../../../../../../_components/format.ts'
import type { SerBatchDetail } from '../../../types.ts'

export function BatchDecision({ batch: b, admin }: { batch: SerBatchDetail; admin: boolean }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [reason, setReason] = useState('')
  const [override, setOverride] = useState('')
  const done = { onSuccess: () => { setReason(''); void qc.invalidateQueries(trpc.ser.batch.queryFilter()); void qc.invalidateQueries(trpc.ser.get.queryFilter()) } }
  const approve = useMutation(trpc.ser.approve.mutationOptions(done))
  const reject = useMutation(trpc.ser.reject.mutationOptions(done))
  const revoke = useMutation(trpc.ser.revoke.mutationOptions(done))
  const error = approve.error ?? reject.error ?? revoke.error
  const incomplete = b.agreement.spotCheck.answered < b.agreement.spotCheck.size
  const pending = approve.isPending || reject.isPending || revoke.isPending
  return (
    <div className="card" data-testid="batch-decision">
      <h3>Decision</h3>
      {b.decidedAt && (
        <p className="small">
          {b.autoApproved ? 'Auto-approved by the experiment run' : `${b.status === 'REJECTED' ? 'Rejected' : 'Approved'} by ${b.decidedBy ?? 'a deleted user'}`} {whenText(b.decidedAt)}: {b.decisionReason}
          {b.overrideReason && <><br /><span className="notice-warn">Approved before the spot-check was complete: {b.overrideReason}</span></>}
        </p>
      )}
      {b.revokedAt && <p className="small notice-warn">Revoked by {b.revokedBy ?? 'a deleted user'} {whenText(b.revokedAt)}: {b.revokeReason}. Its self-labels train nothing from now on.</p>}
      {!admin && <p className="small muted" data-testid="read-only">Only admins approve, reject or revoke batches; you see this page read-only.</p>}
      {admin && b.status === 'PROPOSED' && (
        <form className="form" onSubmit={(e) => e.preventDefault()}>
          <label>Reason<textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} placeholder="e.g. spot-check agreement 92%, histograms look clean" /></label>
          {incomplete && (
            <label>Override: why approve before the spot-check is complete?
              <textarea value={override} onChange={(e) => setOverride(e.target.value)} rows={2} maxLength={2000} />
              <span className="small muted">{b.agreement.spotCheck.answered} of {b.agreement.spotCheck.size} sampled pairs answered so far</span>
            </label>
          )}
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={pending || !reason.trim() || (incomplete && !override.trim())} onClick={() => approve.mutate({ batchId: b.id, reason, override: incomplete ? override : undefined })}>Approve batch</button>
            <button type="button" className="btn btn-danger" disabled={pending || !reason.trim()} onClick={() => reject.mutate({ batchId: b.id, reason })}>Reject batch</button>
          </div>
          <p className="small muted">Approving trains the next round&apos;s reward model on the human and all approved self-labels; rejecting stops the run.</p>
        </form>
      )}
      {admin && b.status === 'APPROVED' && (
        <form className="form" onSubmit={(e) => e.preventDefault()}>
          <label>Revoke: reason<textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} /></label>
          <button type="button" className="btn btn-danger" disabled={pending || !reason.trim()} onClick={() => { if (confirm('Revoke this batch? Its self-labels leave every future training set.')) revoke.mutate({ batchId: b.id, reason }) }}>Revoke batch</button>
        </form>
      )}
      {error && <p className="error" role="alert">{error.message}</p>}
    </div>
  )
}
