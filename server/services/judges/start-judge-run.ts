// Starts a judge run over a project's pairs: the JudgeRun row (with a snapshot of the judge's
// configuration and version) and its JUDGE_RUN job in one transaction. While a run of this judge
// is queued or running, that run is returned instead of a second one (a double click).
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { findJudge } from './find-judge.ts'

export const startJudgeRunSchema = z.object({
  judgeId: z.string().min(1).max(64),
  scope: z.enum(['ALL', 'UNLABELLED_BY_AI', 'SAMPLE']),
  // A sample is for a quick look at a judge before paying for the whole project.
  sampleSize: z.number().int().min(1).max(1_000_000).optional(),
})

export async function startJudgeRun(actor: Actor, input: z.infer<typeof startJudgeRunSchema>) {
  const judge = await findJudge(actor, input.judgeId)
  if (input.scope === 'SAMPLE' && !input.sampleSize) throw badRequest('A sample needs a size')
  return db.$transaction(async (tx) => {
    const active = await tx.judgeRun.findFirst({ where: { judgeId: judge.id, job: { status: { in: ['QUEUED', 'RUNNING'] } } } })
    if (active) return active
    const job = await enqueueJob(tx, 'JUDGE_RUN', { createdById: actor.id, projectId: judge.projectId })
    const run = await tx.judgeRun.create({
      data: {
        judgeId: judge.id, jobId: job.id, scope: input.scope, sampleSize: input.scope === 'SAMPLE' ? input.sampleSize : null,
        configVersion: judge.version, config: judge.config ?? {},
      },
    })
    await recordAudit(tx, { userId: actor.id, action: 'judge.run', entityType: 'Judge', entityId: judge.id, detail: { judgeRunId: run.id, scope: input.scope, sampleSize: input.sampleSize ?? null, version: judge.version } })
    return run
  })
}
