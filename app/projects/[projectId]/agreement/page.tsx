// Agreement tab: inter-annotator agreement and AI-judge alignment for one project. Staff only; the
// API refuses annotators too (they must never see other people's labels). Gold accuracy sits below.
import { requireActor } from '../../../_components/require-role.tsx'
import { AgreementDashboard } from './agreement-dashboard.tsx'
import { GoldAccuracy } from './gold-accuracy.tsx'

export default async function AgreementPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/agreement`, ['RESEARCHER', 'ADMIN'])
  return refusal ?? <><AgreementDashboard projectId={projectId} /><GoldAccuracy projectId={projectId} /></>
}
