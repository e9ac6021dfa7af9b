// Task: evaluate a reward model on a benchmark set (server/services/benchmarks/run-benchmark-evaluation.ts).
import { runBenchmarkEvaluation } from '../../server/services/benchmarks/run-benchmark-evaluation.ts'
import type { Task } from '../run-job.ts'

export const evalRmTask: Task = async ({ jobId, signal, emit }) => {
  await runBenchmarkEvaluation(jobId, { signal, emit })
}
