// Policies tab: SFT and PPO runs of the project, the baseline sets contrastive PPO uses, and the
// dialogs that start them. Researchers and admins only (the API refuses annotators too).
import { requireActor } from '../../../_components/require-role.tsx'
import { PoliciesTab } from './policies-tab.tsx'

export default async function PoliciesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/policies`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <PoliciesTab projectId={projectId} />
}
