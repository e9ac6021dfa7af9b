// Opens a stored upload for parsing: gunzips it when it starts with the gzip magic bytes (1f 8b),
// whatever its name, and counts the stored bytes consumed so progress can be told as a share of the
// file's size even for compressed files.
import fs from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import zlib from 'node:zlib'
import { badRequest } from '../../lib/errors.ts'
import { formatBytes } from './store-upload.ts'

export type OpenedFile = {
  /** Decompressed bytes; a read error (corrupt gzip, size cap) is thrown from iteration. */
  stream: Readable
  /** Bytes of the stored file consumed so far (for .gz: compressed bytes the decompressor has taken). */
  bytesRead: () => number
  totalBytes: number
  gzip: boolean
  close: () => void
}

async function startsWithGzipMagic(filePath: string): Promise<boolean> {
  const fh = await fs.promises.open(filePath, 'r')
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(2), 0, 2, 0)
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b
  } finally {
    await fh.close()
  }
}

function capBytes(max: number) {
  let n = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length
      done(n > max ? badRequest(`The file decompresses to more than ${formatBytes(max)} (REWARDLAB_MAX_DECOMPRESSED_BYTES)`) : null, chunk)
    },
  })
}

export async function openImportFile(filePath: string, maxDecompressed: number): Promise<OpenedFile> {
  const stat = await fs.promises.stat(filePath).catch(() => null)
  if (!stat) throw badRequest('The uploaded file is no longer stored (it is deleted after an import has run); upload it again.')
  const gzip = await startsWithGzipMagic(filePath)
  const file = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 })
  let read = 0
  file.on('data', (chunk) => { read += chunk.length })
  // What the decompressor has consumed, not what was read from disk: the disk reads run 256 KiB
  // ahead, which can be all of a small .gz that inflates to gigabytes.
  const gunzip = gzip ? zlib.createGunzip({ chunkSize: 256 * 1024 }) : null
  const stream: Readable = gunzip ? pipeline(file, gunzip, capBytes(maxDecompressed), () => {}) : file
  return {
    stream, gzip, totalBytes: stat.size, bytesRead: () => (gunzip ? gunzip.bytesWritten : read),
    close: () => { file.destroy(); stream.destroy() },
  }
}
