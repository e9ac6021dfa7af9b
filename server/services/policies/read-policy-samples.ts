// The completions a policy job wrote at its evaluations (one JSON file per step, reported as
// `samples` artefacts by the trainer's write_eval_samples): every step for the run page, or only the
// first and the last for the compare page (a long run has many files and it needs two).
import fs from 'node:fs'
import { db } from '../../db/client.ts'

export type PolicySample = { id?: string; prompt: string; completion: string; score?: number; eos?: boolean; reference?: string }
export type SampleStep = { step: number; samples: PolicySample[] }

async function readStep(file: string): Promise<SampleStep | null> {
  try {
    return JSON.parse(await fs.promises.readFile(/*turbopackIgnore: true*/ file, 'utf8')) as SampleStep
  } catch {
    return null // a file removed by hand: that step is simply not shown
  }
}

export async function readPolicySamples(jobId: string, which: 'all' | 'ends' = 'all'): Promise<SampleStep[]> {
  const files = await db.jobArtefact.findMany({ where: { jobId, kind: 'samples' }, orderBy: { createdAt: 'asc' }, select: { path: true } })
  // The file names carry the zero-padded step (step-000040.json): their order is the steps' order.
  const paths = [...new Set(files.map((f) => f.path))].sort()
  const chosen = which === 'all' || paths.length <= 2 ? paths : [paths[0], paths[paths.length - 1]]
  const steps = (await Promise.all(chosen.map(readStep))).filter((s): s is SampleStep => s !== null)
  return steps.sort((a, b) => a.step - b.step)
}
