// Project frame: title and the tabs each role may open.
import type { ReactNode } from 'react'
import { requireActor } from '../../_components/require-role.tsx'
import { serverApi } from '@/server/api/server-caller.ts'
import { ProjectTabs } from './project-tabs.tsx'

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const { actor } = await requireActor(`/projects/${projectId}`)
  const api = await serverApi()
  const project = await api.projects.get({ projectId }).catch((e: Error) => e)
  if (project instanceof Error) {
    return <div className="card" data-testid="forbidden"><h1>Not allowed</h1><p>{project.message}</p></div>
  }
  return (
    <div>
      <h1>{project.name}</h1>
      <ProjectTabs projectId={projectId} staff={actor.role !== 'ANNOTATOR'} />
      {children}
    </div>
  )
}
