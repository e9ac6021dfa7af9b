// Creates an Import row with its Job in one transaction, audited. Uploads enqueue the job for the
// worker; local imports (CLI, seed) create the Job row without a pg-boss message and run it inline.
import { z } from 'zod'
import { db, ImportFormat, ImportMode } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'

export const importOptionsSchema = z.object({
  projectId: z.string().min(1).max(64),
  format: z.enum(ImportFormat),
  mode: z.enum(ImportMode).default('SKIP_INVALID'),
  filename: z.string().trim().min(1).max(255),
  judgeName: z.string().trim().max(100).optional().transform((s) => s || undefined),
})
export type ImportOptions = z.input<typeof importOptionsSchema>

/** Validates the options (unknown keys such as the body are dropped); bad ones are a BAD_REQUEST. */
export function parseImportOptions(input: ImportOptions) {
  const parsed = importOptionsSchema.safeParse(input)
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '))
  return parsed.data
}

export async function createImportRecord(
  actor: Actor,
  opts: z.output<typeof importOptionsSchema>,
  file: { path: string; bytes: number },
  how: { enqueue: boolean },
) {
  return db.$transaction(async (tx) => {
    const job = how.enqueue
      ? await enqueueJob(tx, 'IMPORT', { createdById: actor.id, projectId: opts.projectId })
      : await tx.job.create({ data: { kind: 'IMPORT', createdById: actor.id, projectId: opts.projectId } })
    const imp = await tx.import.create({
      data: {
        projectId: opts.projectId, userId: actor.id, jobId: job.id, format: opts.format, mode: opts.mode,
        filename: opts.filename, judgeName: opts.judgeName ?? null, storedPath: file.path, bytes: file.bytes,
      },
    })
    await recordAudit(tx, {
      userId: actor.id, action: 'import.create', entityType: 'Import', entityId: imp.id,
      detail: { projectId: opts.projectId, format: opts.format, mode: opts.mode, filename: opts.filename, bytes: file.bytes, inline: !how.enqueue },
    })
    return { ...imp, job }
  })
}
