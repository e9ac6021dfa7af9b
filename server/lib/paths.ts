// Where the platform keeps files on disk (uploads, models). Everything hangs off the repository
// root: the process's working directory (`npm start`, the worker and the tests all run there), or
// REWARDLAB_ROOT. Not import.meta: inside a Next.js bundle that points into .next/. The
// turbopackIgnore marks keep Next.js's output tracing from copying the whole tree into the build
// for these run-time paths (they are data folders, never code the server loads).
import path from 'node:path'

export const repoRoot = () => path.resolve(/*turbopackIgnore: true*/ process.env.REWARDLAB_ROOT ?? process.cwd())
export const dataDir = () => path.resolve(/*turbopackIgnore: true*/ process.env.REWARDLAB_DATA_DIR ?? path.join(repoRoot(), 'data'))
export const modelsDir = () => path.join(dataDir(), 'models')
/** A reward model's own folder (pairs file, checkpoints, ONNX export): named by its id, never by a stored path. */
export const rewardModelDir = (rewardModelId: string) => path.join(modelsDir(), 'reward-models', rewardModelId)
/** An SER round's own folder (the pool file and scores of the trainer backend). */
export const serRoundDir = (roundId: string) => path.join(modelsDir(), 'ser-rounds', roundId)
