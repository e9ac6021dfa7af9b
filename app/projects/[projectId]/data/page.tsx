// Data tab: import files (upload with progress, errors by line), the import history, and exports.
// Researchers and admins only; annotators get the refusal (the tab is hidden for them anyway).
import { requireActor } from '../../../_components/require-role.tsx'
import { DataTab } from './data-tab.tsx'

export default async function DataPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/data`, ['RESEARCHER', 'ADMIN'])
  if (refusal) return refusal
  return <DataTab projectId={projectId} />
}
