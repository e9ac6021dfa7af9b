// The import formats with their descriptions and the upload limits, for the upload form.
import { FORMAT_INFO, type ImportFormat } from './parsers/index.ts'
import { maxFieldChars, maxUploadBytes } from './import-limits.ts'

/** Formats whose files carry labels for pairs imported earlier: they need a judge's name. */
const JUDGE_FORMATS: ImportFormat[] = ['PANDALM_JUDGE', 'ALPACA_EVAL']

export function listImportFormats() {
  return {
    formats: (Object.keys(FORMAT_INFO) as ImportFormat[]).map((id) => ({ id, ...FORMAT_INFO[id], takesJudgeName: JUDGE_FORMATS.includes(id) })),
    maxUploadBytes: maxUploadBytes(),
    maxFieldChars: maxFieldChars(),
  }
}
