'use client'
// What the annotate page shows when no pair needs this annotator: their count, and the ways on.
// "Finished" is a snapshot: pairs others skip or abandon come back, hence "Check again".
import Link from 'next/link'
import type { Notice } from './use-queue.ts'
import { keepFocus, useShortcuts } from './use-shortcuts.ts'

type Props = { busy: boolean; mine: number; notice: Notice | null; projectId: string; onUndo: () => void; onRecheck: () => void }

export function QueueFinished({ busy, mine, notice, projectId, onUndo, onRecheck }: Props) {
  useShortcuts({ Enter: onRecheck, u: onUndo }, !busy)
  return (
    <div className="card queue-done" data-testid="queue-done">
      <h2>Queue finished</h2>
      <p>No pair in this project needs your label right now. You have given <strong>{mine.toLocaleString()}</strong> labels here. Thank you!</p>
      <p className="muted small">Pairs that other annotators skip or abandon go back to the pool, so there may be more later.</p>
      {notice && <p className={`notice-${notice.tone}`} role="status">{notice.text}</p>}
      <div className="row">
        <button className="btn btn-primary" disabled={busy} onClick={onRecheck} {...keepFocus}>Check again <kbd className="kbd">Enter</kbd></button>
        <button className="btn" disabled={busy || mine === 0} onClick={onUndo} {...keepFocus}>Undo last label <kbd className="kbd">U</kbd></button>
        <Link className="btn" href={`/projects/${projectId}`}>Back to the overview</Link>
      </div>
    </div>
  )
}
