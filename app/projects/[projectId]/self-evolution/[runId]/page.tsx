// An SER run's page: its settings, per-round charts and table, the reference model, and links to
// each round's batch. Researchers and admins only.
import { requireActor } from '../../../../_components/require-role.tsx'
import { SerRun } from './ser-run.tsx'

export default async function SerRunPage({ params }: { params: Promise<{ projectId: string; runId: string }> }) {
  const { projectId, runId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/self-evolution/${runId}`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <SerRun projectId={projectId} runId={runId} />
}
