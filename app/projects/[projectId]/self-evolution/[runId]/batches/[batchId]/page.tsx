// A self-label batch's review page: admins approve, reject or revoke it; researchers read it.
import { requireActor } from '../../../../../../_components/require-role.tsx'
import { BatchReview } from './batch-review.tsx'

export default async function SerBatchPage({ params }: { params: Promise<{ projectId: string; runId: string; batchId: string }> }) {
  const { projectId, runId, batchId } = await params
  const { actor, refusal } = await requireActor(`/projects/${projectId}/self-evolution/${runId}/batches/${batchId}`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <BatchReview projectId={projectId} batchId={batchId} admin={actor.role === 'ADMIN'} />
}
