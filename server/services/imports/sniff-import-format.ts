// Guesses the format of a file from its first few KB (decompressed by the browser when gzipped), to
// preselect it in the upload form. The parsers are Node-only, so the guess is made on the server.
import { sniffFormat, type ImportFormat } from './parsers/index.ts'

export function sniffImportFormat(sample: string): { format: ImportFormat | null } {
  return { format: sniffFormat(sample) }
}
