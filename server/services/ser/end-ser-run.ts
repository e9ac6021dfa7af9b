// Ends an SER run by its stop rule: the run FINISHED with the reason, written on the round that ended
// it; a spot-check still in the queues is withdrawn.
import { db } from '../../db/client.ts'
import { removeSpotChecks } from '../annotation/blind-inserts.ts'

export async function endSerRun(runId: string, roundId: string, reason: string) {
  await db.$transaction(async (tx) => {
    await tx.serRound.update({ where: { id: roundId }, data: { endReason: reason } })
    await tx.serRun.update({ where: { id: runId }, data: { status: 'FINISHED', endReason: reason, endedAt: new Date() } })
    await removeSpotChecks(tx, { runId })
  })
}
