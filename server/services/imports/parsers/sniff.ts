// Guesses a file's format from its first few KB, to preselect it in the upload form. The sample may
// end mid-record, so keys are read from the first line when it is complete JSON and otherwise found
// by pattern ("key": …) in the raw text.
import type { ImportFormat } from './types.ts'

function jsonKeys(text: string): Set<string> {
  const nl = text.indexOf('\n')
  const firstLine = nl === -1 ? text : text.slice(0, nl)
  try {
    const value: unknown = JSON.parse(firstLine)
    if (value && typeof value === 'object' && !Array.isArray(value)) return new Set(Object.keys(value))
  } catch {
    // incomplete or pretty-printed: fall back to the pattern
  }
  return new Set(Array.from(text.matchAll(/"([A-Za-z0-9_]+)"\s*:/g), (m) => m[1]))
}

function sniffJson(text: string): ImportFormat | null {
  const keys = jsonKeys(text)
  const has = (...names: string[]) => names.every((n) => keys.has(n))
  if (has('message_tree_id') || has('replies', 'role')) return 'OASST'
  if (has('idx') && [...keys].some((k) => k.endsWith('_result'))) return 'PANDALM_JUDGE'
  if (has('cmp_key') || has('annotator1') || has('response1', 'response2')) return 'PANDALM'
  if (has('output_1', 'output_2') || has('instruction', 'output_1')) return 'ALPACA_EVAL'
  if (has('response_a', 'response_b')) return 'JSONL_LABELLED'
  // HH transcripts are long: the sample may end before 'rejected'.
  if (has('chosen') || has('rejected')) return has('prompt') ? 'JSONL_PAIRS' : 'HH_RLHF'
  return null
}

function sniffCsv(text: string): ImportFormat | null {
  const header = text.split(/\r?\n/, 1)[0]
  const columns = new Set(header.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase()))
  const has = (...names: string[]) => names.every((n) => columns.has(n))
  return has('prompt', 'chosen', 'rejected') || has('prompt', 'response_a', 'response_b') ? 'CSV' : null
}

export function sniffFormat(sample: string): ImportFormat | null {
  const text = sample.replace(/^\uFEFF/, '').trimStart()
  return text.startsWith('[') || text.startsWith('{') ? sniffJson(text) : sniffCsv(text)
}
