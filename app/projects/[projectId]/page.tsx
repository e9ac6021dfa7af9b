// Project overview: progress for the project and for me, label counts, guidelines.
import Link from 'next/link'
import { serverApi } from '@/server/api/server-caller.ts'
import { ProgressBar } from '../../_components/progress-bar.tsx'
import { Markdown } from '../../_components/markdown.tsx'

export default async function ProjectOverview({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  const api = await serverApi()
  const p = await api.projects.get({ projectId })
  return (
    <div>
      <div className="grid3">
        <div className="card stat"><span className="v">{p.pairCount.toLocaleString()}</span><span className="k">pairs</span></div>
        <div className="card stat"><span className="v">{p.labelledByMe.toLocaleString()}</span><span className="k">labelled by you</span></div>
        <div className="card stat"><span className="v">{p.overlap}</span><span className="k">annotators per pair</span></div>
      </div>
      <div className="card">
        <h2>Progress</h2>
        <ProgressBar value={p.humanLabels} total={p.labelsNeeded} label={p.importedLabelsCountTowardOverlap ? 'human labels (imported ones included)' : 'human labels in RewardLab'} />
        <p className="small muted">Labels by source: {Object.entries(p.labelsBySource).map(([k, v]) => `${k.toLowerCase()} ${v.toLocaleString()}`).join(' · ') || 'none yet'}</p>
        <Link className="btn btn-primary" href={`/projects/${projectId}/annotate`}>Start labelling</Link>
      </div>
      {p.description && <div className="card"><h2>About</h2><p>{p.description}</p></div>}
      <div className="card"><h2>Guidelines</h2>{p.guidelines ? <Markdown text={p.guidelines} /> : <p className="muted">No guidelines yet.</p>}</div>
    </div>
  )
}
