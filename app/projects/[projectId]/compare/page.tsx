// Compare runs: pick a project's SFT and PPO runs (kept in the URL, ?runs=a,b, so a comparison can be
// shared) and read them side by side. Researchers and admins only (the API refuses annotators too).
import { Suspense } from 'react'
import { requireActor } from '../../../_components/require-role.tsx'
import { CompareView } from './compare-view.tsx'

export default async function ComparePage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/compare`, ['RESEARCHER', 'ADMIN'])
  // The view reads ?runs= (useSearchParams): a Suspense boundary, as the data explorer has.
  return refusal ?? <Suspense><CompareView projectId={projectId} /></Suspense>
}
