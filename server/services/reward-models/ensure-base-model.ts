// Finds or creates the base model a reward model starts from. A built-in model is pretrained once
// (a PRETRAIN_LM job) and reused while its settings are unchanged; a Hugging Face folder is used
// where it lies, after checking that it is one and inside the model folders (check-hf-folder.ts).
import fs from 'node:fs'
import path from 'node:path'
import type { Prisma } from '../../db/client.ts'
import { badRequest } from '../../lib/errors.ts'
import { enqueueJob } from '../jobs/enqueue-job.ts'
import { checkHfFolder } from './check-hf-folder.ts'
import { pretrainKey } from './trainer-config.ts'
import type { RewardModelConfig } from './training-config.ts'

export async function ensureBaseModel(tx: Prisma.TransactionClient, actorId: string, base: RewardModelConfig['base']) {
  if (base.source === 'HF_FOLDER') {
    let dir: string
    try {
      dir = checkHfFolder(base.path)
    } catch (e) {
      throw badRequest((e as Error).message)
    }
    const existing = await tx.baseModel.findFirst({ where: { source: 'HF_FOLDER', ref: dir } })
    return existing ?? tx.baseModel.create({ data: { name: path.basename(dir), source: 'HF_FOLDER', ref: dir, path: dir, createdById: actorId } })
  }
  // Everything that shapes the pretrained model (settings, seed, corpus): one changed default, a new base model.
  const configHash = pretrainKey(base.size)
  const existing = await tx.baseModel.findUnique({ where: { configHash }, include: { job: { select: { status: true } } } })
  // Reused while its pretraining is alive or done and its folder is still on disk (deleted by hand: pretrained again).
  const gone = existing?.path ? !fs.existsSync(path.join(existing.path, 'config.json')) : false
  if (existing && existing.job && !['FAILED', 'CANCELLED'].includes(existing.job.status) && !gone) return existing
  const job = await enqueueJob(tx, 'PRETRAIN_LM', { createdById: actorId })
  if (existing) return tx.baseModel.update({ where: { id: existing.id }, data: { jobId: job.id, path: null } })
  return tx.baseModel.create({
    data: { name: `built-in ${base.size} GPT`, source: 'BUILTIN', ref: base.size, configHash, jobId: job.id, createdById: actorId },
  })
}
