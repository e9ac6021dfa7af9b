// /projects/[id]/annotate: the labelling queue. The server finds (or claims) the annotator's
// current item, so the first pair paints with the page; the client then drives the queue.
import { serverApi } from '@/server/api/server-caller.ts'
import { requireActor } from '../../../_components/require-role.tsx'
import { AnnotateView } from './annotate-view.tsx'

export default async function AnnotatePage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params
  await requireActor(`/projects/${projectId}/annotate`)
  const api = await serverApi()
  const loaded = await Promise.all([api.projects.get({ projectId }), api.annotation.next({ projectId })]).catch((e: Error) => e)
  if (loaded instanceof Error) {
    return <div className="card" role="alert"><h2>Cannot open the queue</h2><p>{loaded.message}</p></div>
  }
  const [project, first] = loaded
  return <AnnotateView projectId={projectId} guidelines={project.guidelines} overlap={project.overlap} first={first} />
}
