// Which of a project's pairs a run uses: all of them, those of some imports, and/or a seeded slice.
// The slice hashes the pair id alone (not a run's seed), so two reward models on [0, 0.5) and
// [0.5, 1) never share a pair whatever their seeds: one can judge the other's policy (held out).
import crypto from 'node:crypto'
import { z } from 'zod'

/** A stable number in [0, 1) per (pair, purpose, seed): splits do not move between runs. */
export function unitHash(pairId: string, purpose: string, seed: number) {
  return crypto.createHash('sha256').update(`${seed}:${purpose}:${pairId}`).digest().readUInt32BE(0) / 2 ** 32
}

/** Empty: every import of the project (and pairs added by hand). */
export const importIdsSchema = z.array(z.string().min(1).max(64)).max(20).default([])

export const pairScopeSchema = z.object({
  importIds: importIdsSchema,
  /** [from, to) of the pairs by the hash of their id; [0, 1] is every pair. */
  /** With imports named: only the labels they brought (a dataset's own raters), not labels added here since. */
  labelsFromImports: z.boolean().default(false),
  slice: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).default([0, 1])
    .refine(([from, to]) => from < to, 'a slice runs from a smaller number to a larger one'),
})
export type PairScope = z.infer<typeof pairScopeSchema>

/** The Prisma condition on a label of a scoped run: from the scope's imports, when it says so. */
export const scopedLabelWhere = (s: PairScope) => (s.labelsFromImports && s.importIds.length ? { importId: { in: [...s.importIds] } } : {})

/** The Prisma condition on a pair's import. */
export const importWhere = (importIds: readonly string[]) => (importIds.length ? { importId: { in: [...importIds] } } : {})

export function inSlice(pairId: string, [from, to]: readonly [number, number]) {
  if (from <= 0 && to >= 1) return true
  const h = unitHash(pairId, 'pair-slice', 0)
  return h >= from && h < to
}
