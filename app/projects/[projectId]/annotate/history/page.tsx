// /projects/[id]/annotate/history: the signed-in person's own labels in this project, newest first,
// each revisable while the project allows it, and a flag for a researcher.
import { requireActor } from '../../../../_components/require-role.tsx'
import { HistoryList } from './history-list.tsx'

export default async function HistoryPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  await requireActor(`/projects/${projectId}/annotate/history`)
  return <HistoryList projectId={projectId} />
}
