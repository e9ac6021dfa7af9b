// Streams an upload to a new file in the upload folder, counting bytes as they arrive. Past the size
// limit it stops reading, deletes the partial file and throws PAYLOAD_TOO_LARGE; nothing is kept
// from a failed upload either.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { ServiceError } from '../../lib/errors.ts'
import { uploadDir } from './import-limits.ts'

export type UploadBody = ReadableStream<Uint8Array> | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>

export function tooLarge(maxBytes: number) {
  return new ServiceError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${formatBytes(maxBytes)} (REWARDLAB_MAX_UPLOAD_BYTES); nothing was stored.`)
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KB`
  return `${n} bytes`
}

function toNodeStream(body: UploadBody): NodeJS.ReadableStream {
  if (typeof (body as ReadableStream).getReader === 'function') return Readable.fromWeb(body as WebReadableStream<Uint8Array>)
  return body as NodeJS.ReadableStream
}

export async function storeUpload(body: UploadBody, maxBytes: number): Promise<{ path: string; bytes: number }> {
  const dir = uploadDir()
  await fs.promises.mkdir(dir, { recursive: true })
  const file = path.join(dir, `${Date.now().toString(36)}-${crypto.randomBytes(9).toString('hex')}`)
  let bytes = 0
  const counter = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      done(bytes > maxBytes ? tooLarge(maxBytes) : null, chunk)
    },
  })
  try {
    await pipeline(toNodeStream(body), counter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }))
  } catch (e) {
    await fs.promises.rm(file, { force: true })
    if (e instanceof ServiceError) throw e
    throw new ServiceError('BAD_REQUEST', `The upload was interrupted: ${e instanceof Error ? e.message : String(e)}`)
  }
  return { path: file, bytes }
}
