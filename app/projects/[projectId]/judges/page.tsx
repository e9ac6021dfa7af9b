// Judges tab: the project's AI judges, the dialog that makes one, and every AI rater's dashboard.
// Researchers and admins only; annotators get the refusal (the tab is hidden for them, and the API
// refuses too: judges see every label).
import { requireActor } from '../../../_components/require-role.tsx'
import { JudgesTab } from './judges-tab.tsx'

export default async function JudgesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/judges`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <JudgesTab projectId={projectId} />
}
