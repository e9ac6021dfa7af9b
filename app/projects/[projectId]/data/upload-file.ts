// Browser helpers for the upload form: a sample of a file's start (gunzipped when it is gzip) for
// format detection, and the upload itself with XMLHttpRequest, whose upload events give progress.

const SAMPLE_BYTES = 8192

async function firstBytes(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < max) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.length
    }
  } finally {
    void reader.cancel().catch(() => {})
  }
  const out = new Uint8Array(Math.min(size, max))
  let at = 0
  for (const c of chunks) {
    const part = c.subarray(0, out.length - at)
    out.set(part, at)
    at += part.length
    if (at >= out.length) break
  }
  return out
}

export async function readSample(file: File): Promise<string> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer())
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b
  const bytes = gzip
    ? await firstBytes(file.stream().pipeThrough(new DecompressionStream('gzip')) as ReadableStream<Uint8Array>, SAMPLE_BYTES).catch(() => new Uint8Array())
    : new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer())
  return new TextDecoder().decode(bytes)
}

export type UploadOptions = { format: string; mode: string; judgeName?: string }
export type UploadResult = { id: string; jobId: string; bytes: number }

export function uploadFile(projectId: string, file: File, opts: UploadOptions, onProgress: (loaded: number, total: number) => void): Promise<UploadResult> {
  const q = new URLSearchParams({ format: opts.format, mode: opts.mode, filename: file.name })
  if (opts.judgeName) q.set('judgeName', opts.judgeName)
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/projects/${encodeURIComponent(projectId)}/imports?${q}`)
    // The route takes this type only (415 otherwise): a cross-site form cannot send it.
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size)
    xhr.onload = () => {
      let body: { error?: string } & Partial<UploadResult> = {}
      try { body = JSON.parse(xhr.responseText) } catch { /* not JSON: use the status below */ }
      if (xhr.status === 201 && body.id) resolve(body as UploadResult)
      else reject(new Error(body.error ?? `Upload failed (HTTP ${xhr.status})`))
    }
    xhr.onerror = () => reject(new Error('Upload failed: the connection was closed (is the file over the size limit?)'))
    xhr.send(file)
  })
}
