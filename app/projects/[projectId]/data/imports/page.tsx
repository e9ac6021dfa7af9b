// Data tab, imports section: upload files (progress, errors by line), the import history, exports.
// Researchers and admins only.
import { requireActor } from '../../../../_components/require-role.tsx'
import { DataTab } from '../data-tab.tsx'
import { DataNav } from '../data-nav.tsx'

export default async function ImportsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/data/imports`, ['RESEARCHER', 'ADMIN'])
  if (refusal) return refusal
  return <><DataNav projectId={projectId} active="imports" /><DataTab projectId={projectId} /></>
}
