// Task: run one uploaded import (the work is the runImport service).
import { runImport } from '../../server/services/imports/run-import.ts'
import type { Task } from '../run-job.ts'

export const importTask: Task = async ({ jobId, signal, emit }) => {
  await runImport(jobId, { signal, emit })
}
