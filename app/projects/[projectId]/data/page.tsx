// Data tab: the pair explorer (filters in the URL, keyset pages, saved filters, export or judge the
// filtered set). Researchers and admins only; annotators get the refusal (and no tab).
import { Suspense } from 'react'
import { requireActor } from '../../../_components/require-role.tsx'
import { DataNav } from './data-nav.tsx'
import { Explorer } from './explorer.tsx'

export default async function DataPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/data`, ['RESEARCHER', 'ADMIN'])
  if (refusal) return refusal
  return <><DataNav projectId={projectId} active="pairs" /><Suspense><Explorer projectId={projectId} /></Suspense></>
}
