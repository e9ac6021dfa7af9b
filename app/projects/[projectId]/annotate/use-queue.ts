'use client'
// The annotate page's queue state: the current item (a query seeded by the server render) and the
// actions. Submit, skip and undo each answer with the item to show next, so one request per action;
// refusals become notices. The server's open lease is the real state: a reload shows the same pair.
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'
import { useTRPC } from '../../../trpc.ts'

export type QueueItem = inferRouterOutputs<AppRouter>['annotation']['next']
export type Notice = { tone: 'ok' | 'warn' | 'error'; text: string }
export type LabelInput = { choice: 'A' | 'B' | 'TIE'; confidence?: number; rationale?: string }

export function useQueue(projectId: string, first: QueueItem) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const queryKey = trpc.annotation.next.queryKey({ projectId })
  const query = useQuery({
    ...trpc.annotation.next.queryOptions({ projectId }),
    initialData: first, staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false, retry: false,
  })
  const [notice, setNotice] = useState<Notice | null>(null)
  const [session, setSession] = useState(0)
  const show = (next: QueueItem, text: string, counted: number) => {
    qc.setQueryData(queryKey, next)
    setSession((n) => Math.max(0, n + counted))
    setNotice({ tone: 'ok', text })
  }
  // Another tab labelled it, or the lease ran out and the pair filled up: say so, load what is next.
  const onError = (e: { message: string; data?: { code?: string } | null }) => {
    if (e.data?.code === 'CONFLICT') {
      setNotice({ tone: 'warn', text: `${e.message}. Here is your next pair.` })
      void qc.invalidateQueries({ queryKey })
    } else {
      setNotice({ tone: e.data?.code === 'NOT_FOUND' ? 'warn' : 'error', text: e.message })
    }
  }
  const submit = useMutation(trpc.annotation.submit.mutationOptions({ onSuccess: (n) => show(n, 'Saved. Press U to undo.', 1), onError }))
  const skip = useMutation(trpc.annotation.skip.mutationOptions({ onSuccess: (n) => show(n, 'Skipped: that pair will not come back to you.', 0), onError }))
  const undo = useMutation(trpc.annotation.undo.mutationOptions({ onSuccess: (n) => show(n, 'Undone: change it, then submit.', -1), onError }))
  const item = query.data
  return {
    item, notice, session, error: query.error,
    busy: submit.isPending || skip.isPending || undo.isPending || query.isFetching,
    submit: (label: LabelInput) => { if (!item.done) submit.mutate({ assignmentId: item.assignmentId, ...label }) },
    skip: () => { if (!item.done) skip.mutate({ assignmentId: item.assignmentId }) },
    undo: () => undo.mutate({ projectId }),
    recheck: () => { setNotice(null); void query.refetch() },
  }
}
