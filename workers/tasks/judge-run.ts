// Task: label a project's pairs with an AI judge (server/services/judges/run-judge-run.ts).
import { runJudgeRun } from '../../server/services/judges/run-judge-run.ts'
import type { Task } from '../run-job.ts'

export const judgeRunTask: Task = async ({ jobId, signal, emit }) => {
  await runJudgeRun(jobId, { signal, emit })
}
