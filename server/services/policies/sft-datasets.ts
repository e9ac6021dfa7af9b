// Where uploaded SFT files live and how one is read back: under the upload folder, one folder per
// project (projects/<projectId>/sft/), opened through the imports' opener (gzip allowed, with its
// decompressed-size cap) and read by readSftUpload, the one reader of the format.
import path from 'node:path'
import { maxDecompressedBytes, parseLimits, uploadDir } from '../imports/import-limits.ts'
import { openImportFile } from '../imports/open-import-file.ts'
import { readSftUpload, type SftUploadItem } from './read-sft-upload.ts'

export const sftDatasetDir = (projectId: string) => path.join(uploadDir(), 'projects', projectId, 'sft')

/** Every example and error of a stored SFT file, in file order. */
export async function* readSftFile(filePath: string): AsyncGenerator<SftUploadItem> {
  const file = await openImportFile(filePath, maxDecompressedBytes())
  try {
    yield* readSftUpload(file.stream, parseLimits())
  } finally {
    file.close()
  }
}
