// Upload of an import file: the raw file is the request body (streamed to disk, never buffered), the
// options are query parameters. Answers 201 with the import and its job id; the browser then polls
// imports.get. A file over the limit is refused with 413 and nothing is kept. The body must be
// application/octet-stream (what upload-file.ts sends) and come from our own origin: a cross-site
// form can post text/plain, multipart or urlencoded bodies without asking, never this type.
import { routeHandler, errorJson } from '@/server/api/route-handler.ts'
import { createImport } from '@/server/services/imports/create-import.ts'
import { importOptionsSchema } from '@/server/services/imports/create-import-record.ts'

export const dynamic = 'force-dynamic'

export const POST = routeHandler<{ projectId: string }>(
  { name: 'import upload', changesState: true, contentType: 'application/octet-stream' },
  async (req, { actor, params }) => {
    if (!req.body) return errorJson('BAD_REQUEST', 'The request has no file in its body')
    const q = Object.fromEntries(new URL(req.url).searchParams)
    const input = importOptionsSchema.parse({ ...q, projectId: params.projectId, filename: q.filename || 'upload' })
    const imp = await createImport(actor, {
      ...input,
      body: req.body,
      declaredBytes: Number(req.headers.get('content-length')) || null,
    })
    return Response.json({ id: imp.id, jobId: imp.jobId, bytes: imp.bytes }, { status: 201 })
  },
)
