// An uploaded prompt/response file for SFT: streamed to disk under the upload size limit, read whole
// while the request waits (an SFT set is small next to an import) and refused with its invalid lines
// numbered if any line is bad (all or nothing: a model trained on part of a file is a surprise), then
// moved under the project's upload folder and listed for the SFT dialog. Nothing is kept from a refusal.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { maxUploadBytes } from '../imports/import-limits.ts'
import { storeUpload, tooLarge, type UploadBody } from '../imports/store-upload.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from './find-policy.ts'
import { refusalText } from './read-sft-upload.ts'
import { readSftFile, sftDatasetDir } from './sft-datasets.ts'

export const sftUploadSchema = z.object({
  projectId: z.string().min(1).max(64),
  filename: z.string().trim().min(1).max(255),
})

/** Reasons kept for the refusal: the first few say what is wrong, the count how much. */
const MAX_REASONS = 20

export async function createSftDataset(actor: Actor, input: z.input<typeof sftUploadSchema> & { body: UploadBody; declaredBytes?: number | null }) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  const opts = sftUploadSchema.parse(input)
  await assertProjectAccess(actor, opts.projectId)
  const limit = maxUploadBytes()
  if (input.declaredBytes && input.declaredBytes > limit) throw tooLarge(limit)
  const file = await storeUpload(input.body, limit)
  try {
    const reasons: string[] = []
    const prompts = new Set<string>()
    let invalid = 0
    let examples = 0
    for await (const item of readSftFile(file.path)) {
      if (item.kind === 'error') {
        if (item.line === 0) throw badRequest(`The file could not be read as prompt/response JSON Lines: ${item.reason}`)
        invalid++
        if (reasons.length < MAX_REASONS) reasons.push(item.reason)
      } else {
        examples++
        prompts.add(createHash('sha256').update(item.example.prompt).digest('base64'))
      }
    }
    if (invalid) throw badRequest(refusalText(reasons, invalid))
    if (!examples) throw badRequest('The file has no examples: upload one {"prompt": …, "response": …} object per line')
    const dir = sftDatasetDir(opts.projectId)
    await fs.promises.mkdir(dir, { recursive: true })
    const stored = path.join(dir, `${path.basename(file.path)}.jsonl`)
    await fs.promises.rename(file.path, stored)
    return await db.$transaction(async (tx) => {
      const set = await tx.sftDataset.create({
        data: { projectId: opts.projectId, filename: opts.filename, path: stored, examples, prompts: prompts.size, bytes: file.bytes, createdById: actor.id },
      })
      await recordAudit(tx, {
        userId: actor.id, action: 'policy.sft-upload', entityType: 'SftDataset', entityId: set.id,
        detail: { filename: opts.filename, bytes: file.bytes, examples, prompts: prompts.size },
      })
      return set
    }).catch(async (e: unknown) => {
      await fs.promises.rm(stored, { force: true })
      throw e
    })
  } finally {
    await fs.promises.rm(file.path, { force: true })
  }
}
