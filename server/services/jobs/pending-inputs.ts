// What a job must wait for, from its inputs: the training jobs of those not trained yet, with a
// phase that names them ("waiting for the SFT policy and the reward model"). Null when all are ready.
import type { JobAfter } from './enqueue-job.ts'

export type JobInput = { name: string; jobId: string | null; done: boolean }

export function pendingInputs(inputs: JobInput[]): JobAfter {
  const pending = inputs.filter((i) => !i.done && i.jobId)
  if (!pending.length) return null
  const names = pending.map((i) => i.name)
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  return { jobId: pending.map((i) => i.jobId!), phase: `waiting for ${list}` }
}
