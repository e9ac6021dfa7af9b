// Task: label a project's pairs with an AI judge (server/services/judges/run-judge-run.ts).
import { createJobEventSink } from '../../server/services/jobs/create-job-event-sink.ts'
import { runJudgeRun } from '../../server/services/judges/run-judge-run.ts'
import type { Task } from '../run-job.ts'

export const judgeRunTask: Task = async ({ jobId, signal }) => {
  const sink = createJobEventSink(jobId)
  try {
    await runJudgeRun(jobId, { signal, emit: sink.onEvent })
  } finally {
    await sink.flush()
  }
}
