// "The human answer of a pair" in the explorer: the one rule, rl_human_reference (README "The human
// reference", migration 20261206100000_human_reference), under the project's minHumanLabels, on the
// PairStats counts. The explorer also says why a pair has no reference: SPLIT (enough labels, no
// single most-chosen answer) or NULL (fewer human labels than the project's minimum).
import { Prisma } from '../../db/client.ts'

/** The project's minimum number of human labels for a reference (one InitPlan per statement). */
export const projectMinimum = (projectId: string) => Prisma.sql`(SELECT "minHumanLabels" FROM "Project" WHERE id = ${projectId})`

/** SQL text 'A' | 'B' | 'TIE' (the reference), 'SPLIT', or NULL (fewer than `min` labels), from three counts. */
export function referenceOf(a: Prisma.Sql, b: Prisma.Sql, tie: Prisma.Sql, min: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce(rl_human_reference(${a}, ${b}, ${tie}, ${min})::text,
    CASE WHEN ${a} + ${b} + ${tie} >= greatest(${min}, 1) THEN 'SPLIT' END)`
}
