// Deletes a benchmark set with its pairs, every evaluation on it (their rewards and jobs), audited.
// Refused while an evaluation on it is queued or running: cancel that first.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { findBenchmarkSet } from './find-benchmark-set.ts'

export async function deleteBenchmarkSet(actor: Actor, setId: string) {
  const set = await findBenchmarkSet(actor, setId)
  return db.$transaction(async (tx) => {
    const evaluations = await tx.benchmarkEvaluation.findMany({ where: { setId }, select: { jobId: true, job: { select: { status: true } } } })
    if (evaluations.some((e) => e.job.status === 'QUEUED' || e.job.status === 'RUNNING')) {
      throw new ServiceError('CONFLICT', `An evaluation on "${set.name}" is still running: cancel it first`)
    }
    await tx.benchmarkSet.delete({ where: { id: setId } }) // its pairs, evaluations and their scores go with it
    await tx.job.deleteMany({ where: { id: { in: evaluations.map((e) => e.jobId) } } })
    await recordAudit(tx, {
      userId: actor.id, action: 'benchmark.delete', entityType: 'BenchmarkSet', entityId: setId,
      detail: { name: set.name, pairs: set.pairCount, evaluations: evaluations.length },
    })
    return { id: setId, evaluations: evaluations.length }
  })
}
