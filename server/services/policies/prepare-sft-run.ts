// First half of an SFT job: write the examples (the preferred responses, or an uploaded file's, split by
// prompt) and build the trainer config. The base model is ready: a job on a still-pretraining one was chained after it.
import fs from 'node:fs'
import path from 'node:path'
import { db } from '../../db/client.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { sftConfigSchema } from './policy-config.ts'
import { policyDir } from './policy-paths.ts'
import { writeSftExamples } from './write-sft-examples.ts'
import { writeUploadedSftExamples } from './write-uploaded-sft-examples.ts'

export async function prepareSftRun(jobId: string, opts: JobEvents) {
  const policy = await db.policy.findUniqueOrThrow({ where: { jobId }, include: { baseModel: true } })
  const cfg = sftConfigSchema.parse(policy.config)
  if (!policy.baseModel?.path) throw new Error('The base model is not ready (its pretraining has not succeeded)')
  opts.signal.throwIfAborted()
  await opts.emit({ type: 'progress', fraction: 0, phase: 'writing the SFT examples' })
  const workDir = policyDir(policy.id)
  fs.mkdirSync(workDir, { recursive: true })
  const data = path.join(workDir, 'sft.jsonl')
  let counts: { train: number; eval: number }
  if (cfg.source === 'UPLOAD') {
    const set = await db.sftDataset.findUnique({ where: { id: cfg.datasetId! } })
    if (!set) throw new Error('The uploaded SFT file of this run was deleted')
    counts = await writeUploadedSftExamples(set.path, cfg.split, data)
  } else {
    counts = await writeSftExamples(policy.projectId, cfg.source, cfg, data)
  }
  const from = cfg.source === 'UPLOAD' ? `the uploaded file ${cfg.dataset?.filename ?? ''}` : `${cfg.source.toLowerCase()} preferences`
  await opts.emit({ type: 'log', message: `SFT examples: ${counts.train} train, ${counts.eval} held out (${from}, split by prompt)` })
  const config = { out_dir: workDir, seed: cfg.split.seed, 'model.path': policy.baseModel.path, 'sft.data': data, ...cfg.trainer }
  return { policy, workDir, config }
}
