// The folders on the server that model folders may be taken from (a judge's ONNX folder, a Hugging
// Face base model): REWARDLAB_MODEL_ROOTS, a list separated like PATH (":" here), default the data
// directory. A folder named by a researcher must lie inside a root both as written (".." resolved)
// and after following symlinks, so neither reaches the rest of the disk. The written form is
// checked first: a folder outside says "outside" whether or not it exists, so the answer does not
// tell a researcher which server paths exist.
import fs from 'node:fs'
import path from 'node:path'
import { dataDir, repoRoot } from './paths.ts'

export const MODEL_ROOTS_ENV = 'REWARDLAB_MODEL_ROOTS'

/** The roots as absolute paths (relative entries are taken from the repository root). */
export function modelRoots(): string[] {
  const raw = process.env[MODEL_ROOTS_ENV]
  const list = raw ? raw.split(path.delimiter).map((s) => s.trim()).filter(Boolean) : []
  return (list.length ? list : [dataDir()]).map((r) => path.resolve(/*turbopackIgnore: true*/ repoRoot(), r))
}

function inside(p: string, root: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(/*turbopackIgnore: true*/ p)
  } catch {
    return p
  }
}

export class OutsideRootsError extends Error {
  constructor(what: string, dir: string, roots: string[]) {
    super(`${what} ${dir} is outside the model folders (${roots.join(', ')}); an admin sets them with ${MODEL_ROOTS_ENV}`)
    this.name = 'OutsideRootsError'
  }
}

/**
 * The folder's real path when it is inside a root; its written path when it does not exist (the
 * caller says what is missing); an OutsideRootsError when it lies, or leads, outside every root.
 */
export function resolveInModelRoots(folder: string, what: string, roots = modelRoots()): string {
  const written = path.resolve(/*turbopackIgnore: true*/ repoRoot(), folder)
  const realRoots = roots.map(realOrSelf)
  if (!roots.some((r) => inside(written, r)) && !realRoots.some((r) => inside(written, r))) throw new OutsideRootsError(what, written, roots)
  if (!fs.existsSync(/*turbopackIgnore: true*/ written)) return written
  const real = realOrSelf(written)
  if (!realRoots.some((r) => inside(real, r))) throw new OutsideRootsError(what, written, roots)
  return real
}
