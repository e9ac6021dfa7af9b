'use client'
// The Data tab's client side: project counts on top, then import, export and the import history.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'
import { ImportPanel } from './import-panel.tsx'
import { ExportPanel } from './export-panel.tsx'
import { ImportHistory } from './import-history.tsx'

export function DataTab({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const project = useQuery(trpc.projects.get.queryOptions({ projectId }))
  const refresh = () => {
    void qc.invalidateQueries(trpc.projects.get.queryFilter({ projectId }))
    void qc.invalidateQueries(trpc.imports.list.queryFilter({ projectId }))
  }
  const bySource = project.data?.labelsBySource ?? {}
  return (
    <div>
      <div className="grid3">
        <div className="card stat"><span className="v" data-testid="pair-count">{project.data ? project.data.pairCount.toLocaleString() : '…'}</span><span className="k">pairs in this project</span></div>
        <div className="card stat"><span className="v">{(bySource.HUMAN ?? 0).toLocaleString()}</span><span className="k">human labels</span></div>
        <div className="card stat"><span className="v">{((bySource.AI ?? 0) + (bySource.SELF ?? 0)).toLocaleString()}</span><span className="k">AI and self labels</span></div>
      </div>
      <ImportPanel projectId={projectId} onFinished={refresh} />
      <ExportPanel projectId={projectId} minHumanLabels={project.data?.minHumanLabels} />
      <ImportHistory projectId={projectId} />
    </div>
  )
}
