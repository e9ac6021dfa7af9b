// Creates a Job row and its pg-boss message in the caller's transaction: both commit or neither.
import { fromPrisma } from 'pg-boss'
import type { JobKind, Prisma } from '../../db/client.ts'
import { getBoss } from '../../jobs/boss.ts'
import { JOB_CONTRACT } from '../../jobs/contract.ts'

export async function enqueueJob(
  tx: Prisma.TransactionClient,
  kind: JobKind,
  data: { createdById: string; projectId?: string | null },
) {
  const job = await tx.job.create({ data: { kind, createdById: data.createdById, projectId: data.projectId ?? null } })
  const c = JOB_CONTRACT[kind]
  const boss = await getBoss()
  const queueJobId = await boss.send(c.queue, c.payload.parse({ jobId: job.id }), { db: fromPrisma(tx) })
  return tx.job.update({ where: { id: job.id }, data: { queueJobId } })
}
