// Benchmark sets and the evaluations of reward models on them: list the sets, copy one from a
// project's pairs, delete one, evaluate a model on a set (an EVAL_RM job) and read a model's results.
// Researchers and admins only. Uploading a benchmark file is a route handler (app/api/benchmark-sets).
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { benchmarkNameSchema } from '../../services/benchmarks/benchmark-sets.ts'
import { listBenchmarkSets } from '../../services/benchmarks/list-benchmark-sets.ts'
import { createBenchmarkFromProject } from '../../services/benchmarks/create-benchmark-from-project.ts'
import { deleteBenchmarkSet } from '../../services/benchmarks/delete-benchmark-set.ts'
import { startBenchmarkEvaluation } from '../../services/benchmarks/start-benchmark-evaluation.ts'
import { listBenchmarkResults } from '../../services/benchmarks/list-benchmark-results.ts'

const id = z.string().min(1).max(64)

export const benchmarksRouter = createTRPCRouter({
  list: researcherProcedure.query(({ ctx }) => listBenchmarkSets(ctx.actor)),
  createFromProject: researcherProcedure
    .input(z.object({ projectId: id, name: benchmarkNameSchema }))
    .mutation(({ ctx, input }) => createBenchmarkFromProject(ctx.actor, input)),
  delete: researcherProcedure.input(z.object({ setId: id })).mutation(({ ctx, input }) => deleteBenchmarkSet(ctx.actor, input.setId)),
  evaluate: researcherProcedure
    .input(z.object({ rewardModelId: id, setId: id }))
    .mutation(({ ctx, input }) => startBenchmarkEvaluation(ctx.actor, input)),
  results: researcherProcedure.input(z.object({ rewardModelId: id })).query(({ ctx, input }) => listBenchmarkResults(ctx.actor, input.rewardModelId)),
})
