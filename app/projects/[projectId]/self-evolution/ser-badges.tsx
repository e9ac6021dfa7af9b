// The marks every page that shows an SER run carries: its status, experiment mode (the pool's human
// labels are hidden and score the self-labels) and auto-approval (batches approved without review).
import type { SerRunRow } from './types.ts'

const STATUS: Record<string, { text: string; cls: string }> = {
  ACTIVE: { text: 'active', cls: 'badge-run' },
  FINISHED: { text: 'finished', cls: 'badge-ok' },
  STOPPED: { text: 'stopped', cls: 'badge-err' },
}

export function SerRunBadges({ run }: { run: Pick<SerRunRow, 'status' | 'experiment' | 'autoApprove'> }) {
  const s = STATUS[run.status] ?? { text: run.status.toLowerCase(), cls: '' }
  return (
    <span className="row ser-badges">
      <span className={`badge ${s.cls}`} data-testid="ser-run-status">{s.text}</span>
      {run.experiment && <span className="badge badge-tone-err" title="The pool's human labels are held back from training and from the queue, and score the self-labels">experiment mode</span>}
      {run.autoApprove && <span className="badge badge-tone-err" title="Batches are approved as soon as they are proposed, without a spot-check or an admin's review">auto-approved batches</span>}
    </span>
  )
}

const BATCH: Record<string, string> = { PROPOSED: 'awaiting review', APPROVED: 'approved', REJECTED: 'rejected', REVOKED: 'revoked' }
export const batchText = (status: string, auto = false) => (status === 'APPROVED' && auto ? 'auto-approved' : BATCH[status] ?? status.toLowerCase())
