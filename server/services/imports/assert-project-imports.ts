// A run scoped to some imports (a reward model on the PandaLM pairs only) names imports of its own
// project: anything else is refused at the start, not found empty hours later by the job.
import { db, type DbOrTx } from '../../db/client.ts'
import { badRequest } from '../../lib/errors.ts'

export async function assertProjectImports(projectId: string, importIds: readonly string[], tx: DbOrTx = db) {
  if (!importIds.length) return
  const found = await tx.import.count({ where: { projectId, id: { in: [...importIds] } } })
  if (found !== new Set(importIds).size) throw badRequest('Every import the run is limited to must be one of this project')
}
