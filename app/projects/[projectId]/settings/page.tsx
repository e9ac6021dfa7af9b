// /projects/[id]/settings: the project's name, description, overlap, human reference minimum,
// whether imported labels fill the overlap, label revision, gold pairs, guidelines, and which
// annotators label it (researchers and admins).
import { requireActor } from '../../../_components/require-role.tsx'
import { serverApi } from '@/server/api/server-caller.ts'
import { SettingsForm } from './settings-form.tsx'
import { MembersPicker } from './members-picker.tsx'

export default async function ProjectSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { refusal } = await requireActor(`/projects/${projectId}/settings`, ['RESEARCHER', 'ADMIN'])
  if (refusal) return refusal
  const api = await serverApi()
  const p = await api.projects.get({ projectId })
  return (
    <div>
      <SettingsForm project={{ id: p.id, name: p.name, description: p.description, guidelines: p.guidelines, overlap: p.overlap,
        minHumanLabels: p.minHumanLabels, importedLabelsCountTowardOverlap: p.importedLabelsCountTowardOverlap, allowLabelRevision: p.allowLabelRevision,
        // Staff only reach this page, and staff get the gold settings.
        goldRate: p.goldRate ?? 0.1, goldThreshold: p.goldThreshold ?? 0.7, goldMinAnswers: p.goldMinAnswers ?? 5 }} />
      <MembersPicker projectId={projectId} />
    </div>
  )
}
