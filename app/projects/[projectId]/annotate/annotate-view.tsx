'use client'
// The annotate page's client: the pair to label (or "finished") beside the side panel. Queue state
// and actions are in use-queue.ts; each control's key is in the side panel.
import { useEffect, useRef } from 'react'
import { ItemView } from './item-view.tsx'
import { QueueFinished } from './queue-finished.tsx'
import { SidePanel } from './side-panel.tsx'
import { useQueue, type QueueItem } from './use-queue.ts'

type Props = { projectId: string; guidelines: string; overlap: number; first: QueueItem }

export function AnnotateView({ projectId, guidelines, overlap, first }: Props) {
  const q = useQueue(projectId, first)
  const root = useRef<HTMLDivElement>(null)
  // Arriving by the "Annotate" tab leaves focus on that link, where Enter would follow it again:
  // take focus so the keys go to the queue. data-ready (set on the element, no re-render) tells
  // tests the keys now work.
  useEffect(() => {
    if (!root.current?.contains(document.activeElement)) root.current?.focus({ preventScroll: true })
    if (root.current) root.current.dataset.ready = 'true'
  }, [])
  const { item } = q
  return (
    <div className="annotate" data-testid="annotate" data-ready="false" ref={root} tabIndex={-1}>
      <div className="annotate-main">
        {q.error && <p className="error" role="alert">{q.error.message}</p>}
        {item.done
          ? <QueueFinished busy={q.busy} mine={item.progress.mine} notice={q.notice} projectId={projectId} onUndo={q.undo} onRecheck={q.recheck} />
          : <ItemView key={item.assignmentId} item={item} busy={q.busy} notice={q.notice} onSubmit={q.submit} onSkip={q.skip} onUndo={q.undo} />}
      </div>
      <SidePanel projectId={projectId} guidelines={guidelines} progress={item.progress} overlap={overlap} session={q.session} />
    </div>
  )
}
