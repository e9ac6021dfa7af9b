'use client'
// The History list: pages of the annotator's own labels (keyset cursor from the server), each with
// Revise (choice, confidence, rationale) and Flag (a reason for a researcher).
import Link from 'next/link'
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../../../trpc.ts'
import { whenText } from '../../../../_components/format.ts'
import { HistoryItem } from './history-item.tsx'

export function HistoryList({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const after = cursors[cursors.length - 1]
  const page = useQuery(trpc.annotation.history.queryOptions({ projectId, after, limit: 20 }))
  const refresh = () => void qc.invalidateQueries(trpc.annotation.history.pathFilter())
  const revise = useMutation(trpc.annotation.revise.mutationOptions({ onSuccess: refresh }))
  const flag = useMutation(trpc.annotation.flag.mutationOptions())
  return (
    <div>
      <p><Link href={`/projects/${projectId}/annotate`}>← Back to labelling</Link></p>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Your labels</h2>
        {page.data && !page.data.allowRevision && <p className="muted" data-testid="revision-off">This project does not allow revising labels.</p>}
        {page.error && <p className="error" role="alert">{page.error.message}</p>}
        {revise.error && <p className="error" role="alert">{revise.error.message}</p>}
        {flag.error && <p className="error" role="alert">{flag.error.message}</p>}
        {flag.isSuccess && <p className="ok small" role="status">Flag sent to the researchers.</p>}
        {page.data?.items.length === 0 && <p className="muted">You have not labelled anything in this project yet.</p>}
        {page.data?.items.map((l) => (
          <HistoryItem key={`${l.id}:${l.choice}:${l.confidence}:${l.rationale}`} label={l} when={whenText(l.createdAt)} canRevise={page.data.allowRevision}
            busy={revise.isPending || flag.isPending}
            onRevise={(v) => revise.mutate({ labelId: l.id, ...v })}
            onFlag={(reason) => flag.mutate({ pairId: l.pair.id, reason })} />
        ))}
        <div className="row" style={{ marginTop: '.75rem' }}>
          <button type="button" className="btn btn-small" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>
          <button type="button" className="btn btn-small" disabled={!page.data?.next} onClick={() => setCursors([...cursors, page.data!.next!])}>Older</button>
        </div>
      </div>
    </div>
  )
}
