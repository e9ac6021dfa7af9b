// Upload of an import file: the raw file is the request body (streamed to disk, never buffered), the
// options are query parameters. Answers 201 with the import and its job id; the browser then polls
// imports.get. A file over the limit is refused with 413 and nothing is kept.
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { sessionUserId } from '@/server/auth/index.ts'
import { ServiceError } from '@/server/lib/errors.ts'
import { getActor } from '@/server/services/users/get-actor.ts'
import { createImport } from '@/server/services/imports/create-import.ts'
import { importOptionsSchema } from '@/server/services/imports/create-import-record.ts'

export const dynamic = 'force-dynamic'

function errorResponse(e: unknown) {
  if (e instanceof ServiceError) return Response.json({ error: e.message }, { status: getHTTPStatusCodeFromError(new TRPCError({ code: e.code })) })
  console.error('import upload failed:', e)
  return Response.json({ error: 'The upload failed on the server' }, { status: 500 })
}

export async function POST(req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const userId = await sessionUserId()
  const actor = userId ? await getActor(userId) : null
  if (!actor) return Response.json({ error: 'Sign in first' }, { status: 401 })
  if (!req.body) return Response.json({ error: 'The request has no file in its body' }, { status: 400 })
  const q = Object.fromEntries(new URL(req.url).searchParams)
  const input = importOptionsSchema.safeParse({ ...q, projectId: (await params).projectId, filename: q.filename || 'upload' })
  if (!input.success) return Response.json({ error: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, { status: 400 })
  try {
    const imp = await createImport(actor, {
      ...input.data,
      body: req.body,
      declaredBytes: Number(req.headers.get('content-length')) || null,
    })
    return Response.json({ id: imp.id, jobId: imp.jobId, bytes: imp.bytes }, { status: 201 })
  } catch (e) {
    return errorResponse(e)
  }
}
