// Stores the held-out pairs of a training run (the trainer's eval split, from the pairs file just
// written) with its reward model, replacing what an earlier attempt of the same job stored: the pairs
// file is rewritten on every attempt, and the stored split is always the one the trainer reads.
import { db } from '../../db/client.ts'

/** Rows per insert: two parameters each, far below PostgreSQL's 65,535 per statement. */
const CHUNK = 5000

export async function storeHeldOutPairs(rewardModelId: string, pairIds: readonly string[]) {
  await db.$transaction(async (tx) => {
    await tx.rewardModelHeldOutPair.deleteMany({ where: { rewardModelId } })
    for (let i = 0; i < pairIds.length; i += CHUNK) {
      await tx.rewardModelHeldOutPair.createMany({ data: pairIds.slice(i, i + CHUNK).map((pairId) => ({ rewardModelId, pairId })) })
    }
  }, { timeout: 5 * 60_000 })
}
