// Changes a project's settings (researchers and admins): name, description, guidelines, overlap, the
// human reference's minimum, whether imported human labels fill the overlap, label revision and the
// gold settings. Toggling imported labels recomputes every pair's claimCount in the same transaction,
// so the queue sees the new rule at once.
import { db, type Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import type { ProjectSettings } from './create-project.ts'

/**
 * claimCount = OPEN + DONE leases + (setting on ? imported HUMAN labels : 0), for the whole project in
 * one UPDATE (the data.prisma comment on Pair.claimCount). The pairs are locked first, in queue order:
 * a claim that commits meanwhile would otherwise be lost by the recount (its +1 not in our snapshot),
 * and the UPDATE's own snapshot, taken after the locks, sees every committed lease.
 */
async function recountClaims(tx: Prisma.TransactionClient, projectId: string, importedCount: boolean) {
  await tx.$executeRaw`SELECT 1 FROM "Pair" WHERE "projectId" = ${projectId} ORDER BY ordinal FOR UPDATE`
  await tx.$executeRaw`
    UPDATE "Pair" p SET "claimCount" =
      (SELECT count(*) FROM "Assignment" a WHERE a."pairId" = p.id AND a.status IN ('OPEN', 'DONE'))
      + CASE WHEN ${importedCount} THEN
          (SELECT count(*) FROM "Label" l WHERE l."pairId" = p.id AND l."importId" IS NOT NULL AND l.source = 'HUMAN')
        ELSE 0 END
    WHERE p."projectId" = ${projectId}`
}

export async function updateProject(actor: Actor, projectId: string, patch: Partial<ProjectSettings>) {
  return db.$transaction(async (tx) => {
    const before = await tx.project.findUnique({ where: { id: projectId } })
    if (!before) throw notFound('Project')
    const project = await tx.project.update({ where: { id: projectId }, data: patch })
    if (project.importedLabelsCountTowardOverlap !== before.importedLabelsCountTowardOverlap) {
      await recountClaims(tx, projectId, project.importedLabelsCountTowardOverlap)
    }
    const field = (row: object, k: string) => (row as Record<string, Prisma.InputJsonValue>)[k] ?? null
    const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, { from: field(before, k), to: field(project, k) }]))
    await recordAudit(tx, { userId: actor.id, action: 'project.update', entityType: 'Project', entityId: projectId, detail: changed })
    return project
  }, { timeout: 60_000 })
}
