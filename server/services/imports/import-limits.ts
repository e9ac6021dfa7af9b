// Import limits and the upload folder, read from the environment on every call so that a test (or an
// operator) can change them without a restart of the module graph.
import path from 'node:path'
import { dataDir } from '../../lib/paths.ts'
import type { ParseLimits } from './parsers/index.ts'

const MB = 1024 * 1024

function envInt(name: string, fallback: number): number {
  const raw = process.env[name]
  const v = raw === undefined || raw.trim() === '' ? NaN : Number(raw)
  return Number.isSafeInteger(v) && v > 0 ? v : fallback
}

/** Largest upload accepted, in bytes (the stored file: compressed size for .gz). */
export const maxUploadBytes = () => envInt('REWARDLAB_MAX_UPLOAD_BYTES', 200 * MB)

/** Largest decompressed size of a .gz upload: a guard against gzip bombs, generous for real text. */
export const maxDecompressedBytes = () => envInt('REWARDLAB_MAX_DECOMPRESSED_BYTES', 4096 * MB)

/** Longest prompt or response accepted, in characters. */
export const maxFieldChars = () => envInt('REWARDLAB_MAX_FIELD_CHARS', 100_000)

export const parseLimits = (): Partial<ParseLimits> => ({ maxFieldChars: maxFieldChars() })

/** Where uploads wait for their job; the web server and the worker must see the same folder. */
export const uploadDir = () => path.resolve(/*turbopackIgnore: true*/ process.env.REWARDLAB_UPLOAD_DIR ?? path.join(dataDir(), 'uploads'))
