// Exports a project's preference data as JSON Lines, streamed page by page: "trl" gives TRL's
// preference format (prompt, chosen, rejected) from the majority label of one source (or all; for human
// labels the human reference with the project's minHumanLabels), with a minimum agreement; "full" gives
// every pair with every label and its human reference. An explorer filter (JSON, as the explorer's URL
// carries it) limits the pairs to those it selects. Researchers and admins only.
import { z } from 'zod'
import type { LabelSource } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { fullRecord, trlRecord } from './format-export-records.ts'
import { streamProjectPairs } from './stream-project-pairs.ts'
import { pairFilterSchema, type PairFilter } from '../data/pair-filter.ts'

/** The filter arrives as a JSON string in the download's query; bad JSON is a 400, not a 500. */
const jsonFilter = z.preprocess((v) => {
  if (typeof v !== 'string') return v
  try { return JSON.parse(v) } catch { return { invalid: true } }
}, pairFilterSchema.strict().optional())

export const exportInputSchema = z.object({
  projectId: z.string().min(1).max(64),
  kind: z.enum(['trl', 'full']).default('trl'),
  source: z.enum(['HUMAN', 'AI', 'SELF', 'ANY']).default('ANY'),
  minAgreement: z.coerce.number().min(0).max(1).default(0),
  filter: jsonFilter,
})
export type ExportInput = z.input<typeof exportInputSchema>

function slug(name: string) {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'project'
}

async function* trlLines(projectId: string, source: LabelSource | 'ANY', minAgreement: number, minHumanLabels: number, filter?: PairFilter): AsyncGenerator<string> {
  const sources = source === 'ANY' ? undefined : [source]
  const minLabels = source === 'HUMAN' ? minHumanLabels : 1
  for await (const pairs of streamProjectPairs(projectId, { sources, filter })) {
    let out = ''
    for (const p of pairs) {
      const rec = trlRecord(p, { minAgreement, minLabels })
      if (rec) out += JSON.stringify(rec) + '\n'
    }
    if (out) yield out
  }
}

async function* fullLines(projectId: string, minHumanLabels: number, filter?: PairFilter): AsyncGenerator<string> {
  for await (const pairs of streamProjectPairs(projectId, { filter })) yield pairs.map((p) => JSON.stringify(fullRecord(p, minHumanLabels)) + '\n').join('')
}

/** Checks access at once (so the caller can answer 403 before streaming); the lines come lazily. */
export async function exportProject(actor: Actor, input: ExportInput) {
  assertStaff(actor, 'Exporting data needs the researcher or admin role')
  const parsed = exportInputSchema.safeParse(input)
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
  const { projectId, kind, source, minAgreement, filter } = parsed.data
  const project = await assertProjectAccess(actor, projectId)
  const filtered = filter ? '-filtered' : ''
  const filename = kind === 'full'
    ? `${slug(project.name)}-full${filtered}.jsonl`
    : `${slug(project.name)}-trl-${source.toLowerCase()}${minAgreement > 0 ? `-min${minAgreement}` : ''}${filtered}.jsonl`
  const min = project.minHumanLabels
  return { filename, lines: kind === 'full' ? fullLines(projectId, min, filter) : trlLines(projectId, source, minAgreement, min, filter) }
}
