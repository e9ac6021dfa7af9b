// First half of a TRAIN_RM job: wait until the base model is usable (its pretraining job may still
// run), write the training pairs, and build the trainer config.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import { modelsDir } from '../../lib/paths.ts'
import { checkHfFolder } from './check-hf-folder.ts'
import { rewardModelConfigSchema } from './training-config.ts'
import { trainRmConfig } from './trainer-config.ts'
import { writeTrainingPairs } from './write-training-pairs.ts'

const POLL_MS = 2000

async function waitForBaseModel(baseModelId: string, signal: AbortSignal, onWait: () => Promise<void>) {
  for (;;) {
    const base = await db.baseModel.findUniqueOrThrow({ where: { id: baseModelId }, include: { job: { select: { status: true, error: true } } } })
    // A user's folder is checked again here: it, or the model folders, may have changed since it was chosen.
    if (base.path) return base.source === 'HF_FOLDER' ? checkHfFolder(base.path) : base.path
    if (!base.job || ['FAILED', 'CANCELLED'].includes(base.job.status)) {
      throw new Error(`The base model "${base.name}" could not be prepared: ${base.job?.error ?? 'its pretraining job was cancelled'}`)
    }
    if (signal.aborted) throw new Error('cancelled')
    await onWait()
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
}

export async function prepareTrainingRun(jobId: string, signal: AbortSignal, progress: (f: number, phase: string) => Promise<void>) {
  const rm = await db.rewardModel.findUniqueOrThrow({ where: { jobId } })
  const cfg = rewardModelConfigSchema.parse(rm.config)
  const basePath = await waitForBaseModel(rm.baseModelId, signal, () => progress(0, 'waiting for the base model to finish pretraining'))
  await progress(0.01, 'writing training pairs')
  const workDir = path.join(modelsDir(), 'reward-models', rm.id)
  fs.mkdirSync(workDir, { recursive: true })
  const pairsFile = path.join(workDir, 'pairs.jsonl')
  const counts = await writeTrainingPairs(rm.projectId, cfg, pairsFile)
  await db.jobLog.create({
    data: { jobId, message: `training pairs: ${counts.train} train (human ${counts.HUMAN}, AI ${counts.AI}, self ${counts.SELF}), ${counts.eval} held-out human pairs` },
  })
  const config = trainRmConfig({ outDir: workDir, basePath, pairsFile, seed: cfg.seed, ties: cfg.ties, overrides: cfg.trainer })
  return { rm, workDir, config, counts }
}
