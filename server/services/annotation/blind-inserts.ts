// The queue's blind insertion (shared module, not an operation): rows that make rl_blind_pair serve
// a pair ahead of the normal order, in the shape of any other item. SER batches add their spot-check
// sample and take it away once decided. (Gold pairs need no row: rl_blind_pair reads Pair.goldChoice
// and serves them at the project's gold rate.) Nothing here reaches annotators: the SQL reads the rows.
import type { Prisma } from '../../db/client.ts'

type Tx = Prisma.TransactionClient

/** An SER batch's spot-check sample: served first until each pair has `wanted` people's labels. */
export async function addSpotChecks(tx: Tx, projectId: string, serBatchId: string, pairIds: string[], wanted: number) {
  for (let i = 0; i < pairIds.length; i += 5000) {
    // A pair another run is spot-checking already keeps that row: one label serves both.
    await tx.queueInsert.createMany({
      data: pairIds.slice(i, i + 5000).map((pairId) => ({ projectId, pairId, kind: 'SPOT_CHECK' as const, serBatchId, wanted })),
      skipDuplicates: true,
    })
  }
}

/** A decided (approved, rejected, revoked) or stopped batch no longer asks for labels. */
export async function removeSpotChecks(tx: Tx, where: { serBatchId: string } | { runId: string }) {
  await tx.queueInsert.deleteMany({ where: 'serBatchId' in where ? { serBatchId: where.serBatchId } : { serBatch: { runId: where.runId } } })
}
