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
  const settings = await api.projects.settings({ projectId })
  return (
    <div>
      <SettingsForm project={settings} />
      <MembersPicker projectId={projectId} />
    </div>
  )
}
