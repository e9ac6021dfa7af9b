// Background jobs: live progress for a job panel (polled while it runs) and cancelling. Any
// signed-in user may ask; the services allow staff and the person who started the job.
import { z } from 'zod'
import { createTRPCRouter, memberProcedure } from '../trpc.ts'
import { getJobProgress } from '../../services/jobs/get-job-progress.ts'
import { cancelJob } from '../../services/jobs/cancel-job.ts'

const id = z.string().min(1).max(64)
const cursor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()

export const jobsRouter = createTRPCRouter({
  progress: memberProcedure
    .input(z.object({ jobId: id, sinceMetricId: cursor, sinceLogId: cursor }))
    .query(({ ctx, input }) => getJobProgress(ctx.actor, input)),
  cancel: memberProcedure.input(z.object({ jobId: id })).mutation(({ ctx, input }) => cancelJob(ctx.actor, input.jobId)),
})
