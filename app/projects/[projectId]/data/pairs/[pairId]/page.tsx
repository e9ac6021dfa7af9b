// One pair in full for staff: conversation, both responses, every label, judge verdicts, every
// reward model's scores, flags and the gold answer.
import { requireActor } from '../../../../../_components/require-role.tsx'
import { PairPage } from './pair-page.tsx'

export default async function Page({ params }: { params: Promise<{ projectId: string; pairId: string }> }) {
  const { projectId, pairId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/data/pairs/${pairId}`, ['RESEARCHER', 'ADMIN'])
  if (refusal) return refusal
  return <PairPage projectId={projectId} pairId={pairId} />
}
