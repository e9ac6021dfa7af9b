// Compare two reward models of a project: settings and metrics side by side, eval curves overlaid.
// The pair is in the address (?a=…&b=…) so a comparison can be shared. Researchers and admins only.
import { requireActor } from '../../../../_components/require-role.tsx'
import { CompareView } from './compare-view.tsx'

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<{ a?: string; b?: string }> }

export default async function ComparePage({ params, searchParams }: Props) {
  const { projectId } = await params
  const { a, b } = await searchParams
  const { refusal } = await requireActor(`/projects/${projectId}/reward-models/compare`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <CompareView projectId={projectId} a={a ?? null} b={b ?? null} />
}
