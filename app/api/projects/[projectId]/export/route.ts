// Export download: GET ?kind=trl|full&source=HUMAN|AI|SELF|ANY&minAgreement=0.5 streams JSON Lines
// page by page (application/x-ndjson) with a file name, so large projects never sit in memory.
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { sessionUserId } from '@/server/auth/index.ts'
import { ServiceError } from '@/server/lib/errors.ts'
import { getActor } from '@/server/services/users/get-actor.ts'
import { exportInputSchema, exportProject } from '@/server/services/exports/export-project.ts'

export const dynamic = 'force-dynamic'

function errorResponse(e: unknown) {
  if (e instanceof ServiceError) return Response.json({ error: e.message }, { status: getHTTPStatusCodeFromError(new TRPCError({ code: e.code })) })
  console.error('export failed:', e)
  return Response.json({ error: 'The export failed on the server' }, { status: 500 })
}

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

export async function GET(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const userId = await sessionUserId()
  const actor = userId ? await getActor(userId) : null
  if (!actor) return Response.json({ error: 'Sign in first' }, { status: 401 })
  const q = Object.fromEntries(new URL(req.url).searchParams)
  const input = exportInputSchema.safeParse({ ...q, source: q.source?.toUpperCase(), projectId: (await params).projectId })
  if (!input.success) return Response.json({ error: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, { status: 400 })
  try {
    const { filename, lines } = await exportProject(actor, input.data)
    return new Response(toStream(lines), {
      headers: {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    })
  } catch (e) {
    return errorResponse(e)
  }
}
