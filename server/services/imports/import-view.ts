// What the API shows of an import: counters, first errors and warnings, its job's status and
// progress. The stored file's path stays on the server.
import type { Prisma } from '../../db/client.ts'
import type { LineError } from './read-import-batches.ts'

export const importViewSelect = {
  id: true, projectId: true, format: true, mode: true, filename: true, bytes: true, judgeName: true,
  linesRead: true, pairsCreated: true, pairsExisting: true, labelsCreated: true, invalidLines: true, errors: true, warningCount: true, warnings: true, createdAt: true,
  user: { select: { id: true, name: true } },
  job: { select: { id: true, status: true, progress: true, phase: true, error: true, startedAt: true, finishedAt: true } },
} satisfies Prisma.ImportSelect

type Row = Prisma.ImportGetPayload<{ select: typeof importViewSelect }>

export function toImportView(row: Row) {
  return { ...row, errors: row.errors as LineError[], warnings: row.warnings as LineError[] }
}
export type ImportView = ReturnType<typeof toImportView>
