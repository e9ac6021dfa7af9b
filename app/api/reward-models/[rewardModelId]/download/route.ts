// Download of a reward model's ONNX export or checkpoint: GET ?part=onnx|checkpoint streams a tar
// archive of the folder (application/x-tar, its size up front), pulled chunk by chunk as the client
// reads, so a multi-GB checkpoint never sits in memory. Staff only (the service checks); no state
// changes, so no Origin check, and the wrapper still requires a live session.
import { z } from 'zod'
import { routeHandler } from '@/server/api/route-handler.ts'
import { ARCHIVE_PARTS, openModelArchive } from '@/server/services/reward-models/open-model-archive.ts'

export const dynamic = 'force-dynamic'

const querySchema = z.object({ part: z.enum(ARCHIVE_PARTS).default('onnx') })

/** Pulls the next chunk only when the client reads: backpressure down to the disk. */
function toStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    async cancel() { await chunks.return(undefined) },
  }, { highWaterMark: 0 })
}

export const GET = routeHandler<{ rewardModelId: string }>({ name: 'model download' }, async (req, { actor, params }) => {
  const { part } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams))
  const archive = await openModelArchive(actor, params.rewardModelId, part)
  return new Response(toStream(archive.chunks), {
    headers: {
      'Content-Type': 'application/x-tar',
      'Content-Length': String(archive.bytes),
      'Content-Disposition': `attachment; filename="${archive.filename}"`,
      'Cache-Control': 'no-store',
    },
  })
})
