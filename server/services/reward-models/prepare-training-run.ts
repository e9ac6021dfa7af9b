// First half of a TRAIN_RM job: write the training pairs and build the trainer config. The base
// model is ready by then: a job whose base model was still pretraining was chained after it.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { rewardModelDir } from '../../lib/paths.ts'
import { checkHfFolder } from './check-hf-folder.ts'
import { rewardModelConfigSchema } from './training-config.ts'
import { trainRmConfig } from './trainer-config.ts'
import { storeHeldOutPairs } from './store-held-out-pairs.ts'
import { writeTrainingPairs } from './write-training-pairs.ts'

export async function prepareTrainingRun(jobId: string, opts: JobEvents) {
  const rm = await db.rewardModel.findUniqueOrThrow({ where: { jobId }, include: { baseModel: true } })
  const cfg = rewardModelConfigSchema.parse(rm.config)
  // The job was chained after the base model's pretraining, so it starts only once that succeeded.
  const base = rm.baseModel
  if (!base.path) throw new Error(`The base model "${base.name}" is not ready (its pretraining has not succeeded)`)
  // A user's folder is checked again here: it, or the model folders, may have changed since it was chosen.
  const basePath = base.source === 'HF_FOLDER' ? checkHfFolder(base.path) : base.path
  opts.signal.throwIfAborted()
  await opts.emit({ type: 'progress', fraction: 0, phase: 'writing training pairs' })
  const workDir = rewardModelDir(rm.id)
  fs.mkdirSync(workDir, { recursive: true })
  const pairsFile = path.join(workDir, 'pairs.jsonl')
  const { evalPairIds, ...counts } = await writeTrainingPairs(rm.projectId, cfg, pairsFile)
  // The split this run evaluates on, kept with the model: pairs labelled later never join it.
  await storeHeldOutPairs(rm.id, evalPairIds)
  await opts.emit({ type: 'log', message: `training pairs: ${counts.train} train (human ${counts.HUMAN}, AI ${counts.AI}, self ${counts.SELF}), ${counts.eval} held-out human pairs` })
  const config = trainRmConfig({ outDir: workDir, basePath, pairsFile, seed: cfg.seed, ties: cfg.ties, overrides: cfg.trainer })
  return { rm, workDir, config, counts }
}
