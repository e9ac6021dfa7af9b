// Where policy jobs keep their files: one work folder per policy or baseline set under the models folder.
import path from 'node:path'
import { modelsDir } from '../../lib/paths.ts'

export const policyDir = (policyId: string) => path.join(modelsDir(), 'policies', policyId)
export const baselineDir = (setId: string) => path.join(modelsDir(), 'baselines', setId)

/** The reward model's PyTorch checkpoint (the trainer scores with it), from its summary. */
export function rewardCheckpoint(rm: { name: string; summary: unknown }): string {
  const dir = (rm.summary as { checkpointDir?: string } | null)?.checkpointDir
  if (!dir) throw new Error(`The reward model "${rm.name}" has no checkpoint folder: train it again`)
  return dir
}
