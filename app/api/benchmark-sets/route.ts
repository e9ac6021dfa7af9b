// Upload of a benchmark file: the raw file is the request body (streamed to disk under the imports'
// size limit, never buffered), the options are query parameters (name, format, mode, template,
// filename). The set is read while the request waits and answers 201 with it, its size and the lines
// it skipped; an invalid file (or, all or nothing, any invalid line) is a 400 that names the lines.
// Like the import upload: application/octet-stream only, from our own origin.
import { routeHandler, errorJson } from '@/server/api/route-handler.ts'
import { benchmarkUploadSchema, createBenchmarkUpload } from '@/server/services/benchmarks/create-benchmark-upload.ts'

export const dynamic = 'force-dynamic'

export const POST = routeHandler<Record<string, never>>(
  { name: 'benchmark upload', changesState: true, contentType: 'application/octet-stream' },
  async (req, { actor }) => {
    if (!req.body) return errorJson('BAD_REQUEST', 'The request has no file in its body')
    const q = Object.fromEntries(new URL(req.url).searchParams)
    const opts = benchmarkUploadSchema.parse({ ...q, filename: q.filename || 'upload' })
    const set = await createBenchmarkUpload(actor, { ...opts, body: req.body, declaredBytes: Number(req.headers.get('content-length')) || null })
    return Response.json({ id: set.id, name: set.name, pairCount: set.pairCount, skipped: set.skipped, skippedReasons: set.skippedReasons }, { status: 201 })
  },
)
