// Self-evolution (SER): a project's runs, one run with its rounds, one batch's review page, starting
// and stopping a run; approving, rejecting and revoking batches is for admins. Annotators reach none
// of it (self-labels and scores would bias their spot-check). Services check project access.
import { z } from 'zod'
import { adminProcedure, createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { approveSerBatch } from '../../services/ser/approve-ser-batch.ts'
import { getSerBatch } from '../../services/ser/get-ser-batch.ts'
import { getSerRun } from '../../services/ser/get-ser-run.ts'
import { listSerRuns } from '../../services/ser/list-ser-runs.ts'
import { rejectSerBatch } from '../../services/ser/reject-ser-batch.ts'
import { revokeSerBatch } from '../../services/ser/revoke-ser-batch.ts'
import { serConfigSchema } from '../../services/ser/ser-config.ts'
import { startSerRun } from '../../services/ser/start-ser-run.ts'
import { stopSerRun } from '../../services/ser/stop-ser-run.ts'

const id = z.string().min(1).max(64)
const reason = z.string().trim().min(1, 'Give a reason').max(2000)

export const serRouter = createTRPCRouter({
  list: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listSerRuns(ctx.actor, input.projectId)),
  get: researcherProcedure.input(z.object({ runId: id })).query(({ ctx, input }) => getSerRun(ctx.actor, input.runId)),
  start: researcherProcedure.input(z.object({ projectId: id, config: serConfigSchema })).mutation(({ ctx, input }) => startSerRun(ctx.actor, input.projectId, input.config)),
  stop: researcherProcedure.input(z.object({ runId: id, reason: z.string().trim().max(2000).default('') })).mutation(({ ctx, input }) => stopSerRun(ctx.actor, input.runId, input.reason)),
  batch: researcherProcedure.input(z.object({ batchId: id, spotCheckOnly: z.boolean().default(false), page: z.number().int().min(0).max(100_000).default(0) }))
    .query(({ ctx, input }) => getSerBatch(ctx.actor, input.batchId, input)),
  approve: adminProcedure.input(z.object({ batchId: id, reason, override: z.string().trim().max(2000).optional() }))
    .mutation(({ ctx, input }) => approveSerBatch(ctx.actor, input.batchId, input)),
  reject: adminProcedure.input(z.object({ batchId: id, reason })).mutation(({ ctx, input }) => rejectSerBatch(ctx.actor, input.batchId, input.reason)),
  revoke: adminProcedure.input(z.object({ batchId: id, reason })).mutation(({ ctx, input }) => revokeSerBatch(ctx.actor, input.batchId, input.reason)),
})
