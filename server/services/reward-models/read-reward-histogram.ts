// The latest reward histogram a TRAIN_RM job wrote (train_rm.py report_eval): a JSON file
// { step, chosen: { edges, counts }, rejected: { edges, counts } } on held-out pairs, one set of
// bins for both. Read here, on the server; the browser never sees the path.
import fs from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { db } from '../../db/client.ts'
import { modelsDir } from '../../lib/paths.ts'

const MAX_BYTES = 256 * 1024

const bins = z.object({ edges: z.array(z.number()).max(1001), counts: z.array(z.number().int().min(0)).max(1000) })
  .refine((h) => h.edges.length === h.counts.length + 1, 'edges must be one longer than counts')
const histogramSchema = z.object({ step: z.number().int(), chosen: bins, rejected: bins })
export type RewardHistogram = z.infer<typeof histogramSchema>

export async function readRewardHistogram(jobId: string): Promise<RewardHistogram | null> {
  const artefact = await db.jobArtefact.findFirst({ where: { jobId, kind: 'reward_histogram' }, orderBy: { createdAt: 'desc' } })
  if (!artefact) return null
  // Only files under the models folder: the path comes from a child process's output.
  const file = path.resolve(artefact.path)
  if (!file.startsWith(path.resolve(modelsDir()) + path.sep)) return null
  try {
    const stat = await fs.stat(file)
    if (stat.size > MAX_BYTES) return null
    const parsed = histogramSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null // the run folder was cleaned up: no histogram rather than an error page
  }
}
