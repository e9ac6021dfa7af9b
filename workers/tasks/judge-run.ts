// Task: label a project's pairs with an AI judge (server/services/judges/run-judge-run.ts), then
// store the project's agreement dashboard numbers (the judges' alignment changed).
import { runJudgeRun } from '../../server/services/judges/run-judge-run.ts'
import { warmAgreementSnapshots } from '../../server/services/agreement/warm-agreement-snapshots.ts'
import type { Task } from '../run-job.ts'

export const judgeRunTask: Task = async ({ jobId, signal, emit }) => {
  const { projectId } = await runJudgeRun(jobId, { signal, emit })
  await warmAgreementSnapshots(projectId, emit)
}
