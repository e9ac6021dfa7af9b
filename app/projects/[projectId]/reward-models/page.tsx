// Reward models tab: the project's reward models and the dialog that trains a new one. Researchers
// and admins only; annotators get the refusal (the tab is hidden for them, and the API refuses too).
import { requireActor } from '../../../_components/require-role.tsx'
import { RewardModelsTab } from './reward-models-tab.tsx'

export default async function RewardModelsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/reward-models`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <RewardModelsTab projectId={projectId} />
}
