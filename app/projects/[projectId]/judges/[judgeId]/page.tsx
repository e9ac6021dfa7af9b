// One AI judge: its settings (editable, versioned), its API key, runs over the project's pairs with
// the live job, and every past run. Researchers and admins only.
import { requireActor } from '../../../../_components/require-role.tsx'
import { JudgePage } from './judge-page.tsx'

export default async function JudgeRoute({ params }: { params: Promise<{ projectId: string; judgeId: string }> }) {
  const { projectId, judgeId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/judges/${judgeId}`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <JudgePage projectId={projectId} judgeId={judgeId} />
}
