// The dashboard of one AI rater (?rater=<raterKey>): alignment with the human majority, κ, the
// confusion matrix, position bias, calibration, subsets, cost and the disagreements. The rater is in
// the address so a dashboard can be shared. Researchers and admins only.
import { requireActor } from '../../../../_components/require-role.tsx'
import { JudgeDashboardView } from './judge-dashboard.tsx'

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<{ rater?: string }> }

export default async function JudgeDashboardPage({ params, searchParams }: Props) {
  const { projectId } = await params
  const { rater } = await searchParams
  const { refusal } = await requireActor(`/projects/${projectId}/judges/dashboard`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <JudgeDashboardView projectId={projectId} rater={rater ?? null} />
}
