// Whether a Hugging Face folder on the server can be a base model: inside the model folders
// (server/lib/model-roots.ts), with a config.json and weights the trainer loads. One check for the
// three places that need it, so they cannot disagree: starting a training (ensure-base-model.ts),
// the worker before it hands the folder to the trainer (prepare-training-run.ts), and the base-model
// list, which calls a folder READY only while it still passes.
import fs from 'node:fs'
import path from 'node:path'
import { resolveInModelRoots } from '../../lib/model-roots.ts'

// What transformers' from_pretrained loads with torch: one file, or the index of a sharded set.
const WEIGHTS = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'pytorch_model.bin.index.json']

export type HfFolderProblem = { missing: boolean; message: string }

/** The folder's real path; throws an Error saying what is wrong otherwise. */
export function checkHfFolder(folder: string, roots?: string[]): string {
  const dir = resolveInModelRoots(folder, 'The Hugging Face folder', roots)
  const has = (file: string) => fs.existsSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, file))
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir) || !fs.statSync(/*turbopackIgnore: true*/ dir).isDirectory()) throw new Error(`${dir} is not a folder on the server`)
  if (!has('config.json')) throw new Error(`${dir} is not a Hugging Face model folder (no config.json)`)
  if (!WEIGHTS.some(has)) throw new Error(`${dir} has no model weights (${WEIGHTS.join(', ')})`)
  return dir
}

/** null when the folder passes checkHfFolder; else why not, and whether it is simply gone. */
export function hfFolderProblem(folder: string): HfFolderProblem | null {
  try {
    checkHfFolder(folder)
    return null
  } catch (e) {
    return { missing: !fs.existsSync(/*turbopackIgnore: true*/ folder), message: (e as Error).message }
  }
}
