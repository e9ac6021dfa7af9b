// Task: run one uploaded import (the work is the runImport service).
import { db } from '../../server/db/client.ts'
import { runImport } from '../../server/services/imports/run-import.ts'
import type { Task } from '../run-job.ts'

export const importTask: Task = async ({ jobId, signal, emit }) => {
  const imp = await db.import.findUniqueOrThrow({ where: { jobId }, select: { id: true } })
  await runImport(imp.id, { signal, onProgress: (fraction, phase) => emit({ type: 'progress', fraction, phase }) })
}
