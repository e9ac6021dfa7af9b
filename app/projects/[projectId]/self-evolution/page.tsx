// Self-evolution tab: the project's SER runs and the dialog that starts one. Researchers and admins
// only (the API refuses annotators too: self-labels would bias their spot-checks).
import { requireActor } from '../../../_components/require-role.tsx'
import { SerTab } from './ser-tab.tsx'

export default async function SelfEvolutionPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { actor, refusal } = await requireActor(`/projects/${projectId}/self-evolution`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <SerTab projectId={projectId} admin={actor?.role === 'ADMIN'} />
}
