// Where the "RLHF vs RLAIF" preset finds its data in a project: the PandaLM test-set import (pairs
// with three human labels each) and the import of an AI judge's verdicts on those pairs. Says what
// is missing when either is absent, so the page can tell the researcher before anything starts.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

export async function findPandalmImports(actor: Actor, projectId: string, aiJudgeName: string) {
  assertStaff(actor, 'Experiments are for researchers and admins')
  await assertProjectAccess(actor, projectId)
  const human = await db.import.findFirst({ where: { projectId, format: 'PANDALM', labelsCreated: { gt: 0 }, job: { status: 'SUCCEEDED' } }, orderBy: { createdAt: 'asc' } })
  const ai = await db.import.findFirst({ where: { projectId, format: 'PANDALM_JUDGE', judgeName: aiJudgeName, labelsCreated: { gt: 0 }, job: { status: 'SUCCEEDED' } }, orderBy: { createdAt: 'asc' } })
  const problem = !human
    ? 'This project has no PandaLM test-set import with human labels (format PANDALM): import data/datasets/pandalm/testset-v1.json'
    : !ai
      ? `This project has no import of "${aiJudgeName}" verdicts on the PandaLM pairs (format PANDALM_JUDGE)`
      : null
  const [pairs, humanLabels, aiLabels] = human && ai ? await Promise.all([
    db.pair.count({ where: { projectId, importId: { in: [human.id, ai.id] } } }),
    db.label.count({ where: { projectId, importId: human.id, source: 'HUMAN' } }),
    db.label.count({ where: { projectId, importId: ai.id, source: 'AI' } }),
  ]) : [0, 0, 0]
  return { problem, human: human && { id: human.id, filename: human.filename }, ai: ai && { id: ai.id, filename: ai.filename, judgeName: aiJudgeName }, pairs, humanLabels, aiLabels }
}
