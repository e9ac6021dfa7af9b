// Ends an SER run by its stop rule: the run FINISHED with the reason, written on the round that ended it.
import { db } from '../../db/client.ts'

export async function endSerRun(runId: string, roundId: string, reason: string) {
  await db.$transaction([
    db.serRound.update({ where: { id: roundId }, data: { endReason: reason } }),
    db.serRun.update({ where: { id: runId }, data: { status: 'FINISHED', endReason: reason, endedAt: new Date() } }),
  ])
}
