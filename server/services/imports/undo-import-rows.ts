// Takes back what an ALL_OR_NOTHING import wrote before it failed or was cancelled during its insert
// pass (its batches commit one by one): its labels, the pairs it created, and prompts and responses
// left without any pair. Pairs that existed before the import are untouched.
import { db } from '../../db/client.ts'

export async function undoImportRows(imp: { id: string; projectId: string }, since: Date) {
  await db.$transaction([
    db.label.deleteMany({ where: { importId: imp.id } }),
    db.pair.deleteMany({ where: { importId: imp.id } }),
    db.response.deleteMany({ where: { prompt: { projectId: imp.projectId }, pairsA: { none: {} }, pairsB: { none: {} } } }),
    db.prompt.deleteMany({ where: { projectId: imp.projectId, createdAt: { gte: since }, pairs: { none: {} } } }),
    db.import.update({ where: { id: imp.id }, data: { pairsCreated: 0, pairsExisting: 0, labelsCreated: 0 } }),
  ])
}
