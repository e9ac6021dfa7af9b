import { requireActor } from '../_components/require-role.tsx'
import { ProjectList } from './project-list.tsx'

export default async function ProjectsPage() {
  const { actor } = await requireActor('/projects')
  return <ProjectList canCreate={actor.role !== 'ANNOTATOR'} />
}
