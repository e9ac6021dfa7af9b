// Upload of an SFT file (prompt/response JSON Lines): the raw file is the request body (streamed to
// disk under the upload size limit, never buffered), its name a query parameter. The file is checked
// while the request waits: 201 with the stored set, or 400 naming the invalid lines (nothing kept);
// over the limit, 413. Like the import upload: application/octet-stream only, from our own origin.
import { routeHandler, errorJson } from '@/server/api/route-handler.ts'
import { createSftDataset } from '@/server/services/policies/create-sft-dataset.ts'

export const dynamic = 'force-dynamic'

export const POST = routeHandler<{ projectId: string }>(
  { name: 'SFT file upload', changesState: true, contentType: 'application/octet-stream' },
  async (req, { actor, params }) => {
    if (!req.body) return errorJson('BAD_REQUEST', 'The request has no file in its body')
    const filename = new URL(req.url).searchParams.get('filename') || 'upload.jsonl'
    const set = await createSftDataset(actor, {
      projectId: params.projectId, filename, body: req.body, declaredBytes: Number(req.headers.get('content-length')) || null,
    })
    return Response.json({ id: set.id, filename: set.filename, examples: set.examples, prompts: set.prompts, bytes: set.bytes }, { status: 201 })
  },
)
