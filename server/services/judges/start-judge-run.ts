// Starts a judge run over a project's pairs: the JudgeRun row (with a snapshot of the judge's
// configuration and version) and its JUDGE_RUN job in one transaction. While a run of this judge
// is queued or running, that run is returned instead of a second one (a double click). A PAIRS run
// takes the pairs a data-explorer filter selects now, stored with the run (JudgeRunPair): the set
// must not change while the run's own labels change what the filter would select.
import { z } from 'zod'
import { db, Prisma } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { findJudge } from './find-judge.ts'
import { pairFilterSchema } from '../data/pair-filter.ts'
import { filteredPairsSql } from '../data/pair-filter-sql.ts'

export const startJudgeRunSchema = z.object({
  judgeId: z.string().min(1).max(64),
  scope: z.enum(['ALL', 'UNLABELLED_BY_AI', 'SAMPLE', 'PAIRS']),
  // A sample is for a quick look at a judge before paying for the whole project.
  sampleSize: z.number().int().min(1).max(1_000_000).optional(),
  /** PAIRS: the data explorer's filter whose pairs the run labels. */
  filter: pairFilterSchema.optional(),
})

export async function startJudgeRun(actor: Actor, input: z.infer<typeof startJudgeRunSchema>) {
  const judge = await findJudge(actor, input.judgeId)
  if (input.scope === 'SAMPLE' && !input.sampleSize) throw badRequest('A sample needs a size')
  if (input.scope === 'PAIRS' && !input.filter) throw badRequest('A run over explorer pairs needs a filter')
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
    let pairs: number | null = null
    if (input.scope === 'PAIRS' && input.filter) {
      pairs = await tx.$executeRaw(Prisma.sql`
        INSERT INTO "JudgeRunPair" ("runId", "pairId") SELECT ${run.id}, x.id FROM (${filteredPairsSql(judge.projectId, input.filter)}) x`)
      if (pairs === 0) throw badRequest('The filter selects no pairs')
    }
    await recordAudit(tx, {
      userId: actor.id, action: 'judge.run', entityType: 'Judge', entityId: judge.id,
      detail: { judgeRunId: run.id, scope: input.scope, sampleSize: input.sampleSize ?? null, version: judge.version, pairs, filter: input.filter ?? null },
    })
    return run
  })
}
