// A reward model's run page: the live training job, its curves and evaluation, scoring every pair,
// and the playground. Researchers and admins only.
import { requireActor } from '../../../../_components/require-role.tsx'
import { RewardModelRun } from './reward-model-run.tsx'

export default async function RewardModelPage({ params }: { params: Promise<{ projectId: string; rewardModelId: string }> }) {
  const { projectId, rewardModelId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/reward-models/${rewardModelId}`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <RewardModelRun projectId={projectId} rewardModelId={rewardModelId} />
}
