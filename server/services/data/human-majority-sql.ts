// "The human answer of a pair" as the explorer computes it: a simple majority of the pair's labels
// (one label counts; equal top counts are SPLIT; no label is NULL). The one place this rule lives on
// the explorer's side, so the project-wide human-reference rule can replace it here alone.
import { Prisma } from '../../db/client.ts'

/** SQL text 'A' | 'B' | 'TIE' | 'SPLIT', or NULL when there are no labels, from three counts. */
export function majorityOf(a: Prisma.Sql, b: Prisma.Sql, tie: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${a} + ${b} + ${tie} = 0 THEN NULL
    WHEN ${a} > ${b} AND ${a} > ${tie} THEN 'A'
    WHEN ${b} > ${a} AND ${b} > ${tie} THEN 'B'
    WHEN ${tie} > ${a} AND ${tie} > ${b} THEN 'TIE'
    ELSE 'SPLIT' END)`
}
