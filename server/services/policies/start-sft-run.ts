// Starts fine-tuning a policy on a project's preferred responses or one of its uploaded SFT files: the Policy row, its SFT job and,
// when needed, the base model's pretraining (the SFT job chained after it), in one transaction. A
// Hugging Face folder must hold a causal LM.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { badRequest, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectImports } from '../imports/assert-project-imports.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { ensureBaseModel } from '../reward-models/ensure-base-model.ts'
import { sftConfigSchema, type SftConfig } from './policy-config.ts'
import { POLICIES_STAFF_ONLY } from './find-policy.ts'

/** A causal LM's config names an architecture ending in ForCausalLM or LMHeadModel. */
function assertCausalLm(dir: string) {
  const config = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, 'config.json'), 'utf8')) as { architectures?: string[] }
  if (!(config.architectures ?? []).some((a) => /(ForCausalLM|LMHeadModel)$/.test(a))) {
    throw badRequest(`${dir} is not a causal language model (its config.json names ${(config.architectures ?? ['no architecture']).join(', ')})`)
  }
}

export async function startSftRun(actor: Actor, projectId: string, input: SftConfig) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const config = sftConfigSchema.parse(input)
  await assertProjectImports(projectId, config.split.importIds)
  return db.$transaction(async (tx) => {
    if (config.source === 'UPLOAD') {
      const set = await tx.sftDataset.findUnique({ where: { id: config.datasetId! } })
      if (!set || set.projectId !== projectId) throw badRequest('That uploaded SFT file is not in this project')
      config.dataset = { filename: set.filename, examples: set.examples, prompts: set.prompts }
    } else {
      delete config.datasetId
      delete config.dataset
    }
    if (await tx.policy.findUnique({ where: { projectId_name: { projectId, name: config.name } } })) {
      throw new ServiceError('CONFLICT', `This project already has a policy named "${config.name}"`)
    }
    const base = await ensureBaseModel(tx, actor.id, config.base)
    if (base.source === 'HF_FOLDER') assertCausalLm(base.path!)
    const after = base.path || !base.jobId ? null : { jobId: base.jobId, phase: 'waiting for the base model to finish pretraining' }
    const job = await enqueueJob(tx, 'SFT', { createdById: actor.id, projectId, after })
    const policy = await tx.policy.create({ data: { projectId, kind: 'SFT', name: config.name, baseModelId: base.id, jobId: job.id, config, createdById: actor.id } })
    await recordAudit(tx, { userId: actor.id, action: 'policy.sft', entityType: 'Policy', entityId: policy.id, detail: { name: config.name, source: config.source, datasetId: config.datasetId ?? null } })
    return policy
  })
}
