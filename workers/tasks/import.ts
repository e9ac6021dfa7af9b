// Task: run one uploaded import (the work is the runImport service), then store the project's
// agreement dashboard numbers so the first read after a large import does not compute.
import { runImport } from '../../server/services/imports/run-import.ts'
import { warmAgreementSnapshots } from '../../server/services/agreement/warm-agreement-snapshots.ts'
import type { Task } from '../run-job.ts'

export const importTask: Task = async ({ jobId, signal, emit }) => {
  const imp = await runImport(jobId, { signal, emit })
  await warmAgreementSnapshots(imp.projectId, emit)
}
