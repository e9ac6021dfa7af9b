// A policy's run page: the live SFT or PPO job, its curves and the completions it sampled at each
// evaluation. Researchers and admins only.
import { requireActor } from '../../../../_components/require-role.tsx'
import { PolicyRun } from './policy-run.tsx'

export default async function PolicyPage({ params }: { params: Promise<{ projectId: string; policyId: string }> }) {
  const { projectId, policyId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/policies/${policyId}`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <PolicyRun projectId={projectId} policyId={policyId} />
}
