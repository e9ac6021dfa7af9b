// Export download: GET ?kind=trl|full&source=HUMAN|AI|SELF|ANY&minAgreement=0.5 streams JSON Lines
// page by page (application/x-ndjson) with a file name, so large projects never sit in memory.
import { routeHandler } from '@/server/api/route-handler.ts'
import { exportInputSchema, exportProject } from '@/server/services/exports/export-project.ts'

export const dynamic = 'force-dynamic'

/** Pulls the next chunk only when the client reads: backpressure all the way to the database. */
function toStream(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  return new ReadableStream({
    async pull(controller) {
      const next = await lines.next()
      if (next.done) controller.close()
      else controller.enqueue(enc.encode(next.value))
    },
    async cancel() { await lines.return(undefined) },
  })
}

export const GET = routeHandler<{ projectId: string }>({ name: 'export' }, async (req, { actor, params }) => {
  const q = Object.fromEntries(new URL(req.url).searchParams)
  const input = exportInputSchema.parse({ ...q, source: q.source?.toUpperCase(), projectId: params.projectId })
  const { filename, lines } = await exportProject(actor, input)
  return new Response(toStream(lines), {
    headers: {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  })
})
