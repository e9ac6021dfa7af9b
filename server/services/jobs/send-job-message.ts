// Sends the pg-boss message that runs a Job row, inside the caller's transaction (the row's change
// and its message commit together or not at all), and records the message id on the row. Every
// message carries its kind's expiry and no pg-boss retries: retries are decided from the row.
import { fromPrisma } from 'pg-boss'
import type { JobKind, Prisma } from '../../db/client.ts'
import { getBoss } from '../../jobs/boss.ts'
import { expirySeconds, JOB_CONTRACT } from '../../jobs/contract.ts'

export async function sendJobMessage(tx: Prisma.TransactionClient, jobId: string, kind: JobKind, opts: { startAfterSeconds?: number } = {}) {
  const c = JOB_CONTRACT[kind]
  const boss = await getBoss()
  const queueJobId = await boss.send(c.queue, c.payload.parse({ jobId }), {
    db: fromPrisma(tx),
    retryLimit: 0,
    expireInSeconds: expirySeconds(kind),
    ...(opts.startAfterSeconds ? { startAfter: Math.ceil(opts.startAfterSeconds) } : {}),
  })
  if (!queueJobId) throw new Error(`pg-boss did not accept the message for job ${jobId}`)
  await tx.job.update({ where: { id: jobId }, data: { queueJobId } })
  return queueJobId
}
