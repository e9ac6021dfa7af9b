// The progress counts that follow the overlap rule, shared by the annotate page (queue-item.ts, which
// caches them), the project overview and the project list, so all show the same figures (a shared module, not an
// operation). With the project's importedLabelsCountTowardOverlap on, an imported HUMAN label fills
// one of its pair's `overlap` slots exactly as an annotator's label does (Pair.claimCount's rule).
import type { DbOrTx } from '../../db/client.ts'

/** Σ over pairs of min(overlap, labels given here + imported human labels if counted): filled slots. */
export async function countFilledSlots(c: DbOrTx, projectId: string): Promise<number> {
  return (await countFilledSlotsByProject(c, [projectId])).get(projectId) ?? 0
}

/** countFilledSlots for several projects in one statement (the project list). */
export async function countFilledSlotsByProject(c: DbOrTx, projectIds: string[]): Promise<Map<string, number>> {
  if (!projectIds.length) return new Map()
  // coalesce: a project without labels joins one NULL row, and least() ignores NULLs (least(NULL, 2) = 2).
  const rows = await c.$queryRaw<{ id: string; n: number }[]>`
    SELECT pr.id, coalesce(sum(least(coalesce(x.n, 0), pr.overlap)), 0)::int AS n
    FROM "Project" pr LEFT JOIN LATERAL (
      SELECT "pairId", count(*) AS n FROM (
        SELECT a."pairId" FROM "Assignment" a WHERE a."projectId" = pr.id AND a.status = 'DONE'
        UNION ALL
        SELECT l."pairId" FROM "Label" l
        WHERE pr."importedLabelsCountTowardOverlap" AND l."projectId" = pr.id AND l."importId" IS NOT NULL AND l.source = 'HUMAN'
      ) s GROUP BY "pairId"
    ) x ON true
    WHERE pr.id = ANY(${projectIds})
    GROUP BY pr.id`
  return new Map(rows.map((r) => [r.id, r.n]))
}

/**
 * An annotator's expected share: ceil((pairs × overlap − slots imports already fill) / annotators),
 * annotators being the project's members (at least one). The queue gives each person a pair at most
 * once, so the share is also capped at the pairs that still have room.
 */
export async function countExpectedShare(c: DbOrTx, projectId: string): Promise<number> {
  const [{ n }] = await c.$queryRaw<{ n: number }[]>`
    WITH pr AS (SELECT id, overlap, "importedLabelsCountTowardOverlap" AS imported FROM "Project" WHERE id = ${projectId}),
    pairs AS (SELECT count(*) AS n FROM "Pair" p, pr WHERE p."projectId" = pr.id),
    covered AS (
      SELECT coalesce(sum(least(x.n, pr.overlap)), 0) AS n, count(*) FILTER (WHERE x.n >= pr.overlap) AS full
      FROM pr CROSS JOIN LATERAL (
        SELECT l."pairId", count(*) AS n FROM "Label" l
        WHERE pr.imported AND l."projectId" = pr.id AND l."importId" IS NOT NULL AND l.source = 'HUMAN'
        GROUP BY l."pairId") x
    ),
    people AS (SELECT greatest(count(*), 1) AS n FROM "ProjectMember" m, pr WHERE m."projectId" = pr.id)
    SELECT least(ceil((pairs.n * pr.overlap - covered.n)::numeric / people.n), pairs.n - covered.full)::int AS n
    FROM pr, pairs, covered, people`
  return n ?? 0
}
