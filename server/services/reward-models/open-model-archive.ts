// A reward model's ONNX export or training checkpoint as a tar archive for download (staff only, like
// every reward-model view). The folder's path comes from the trainer's output, so it is used only when
// it lies inside the models folder; the archive is streamed (server/lib/tar-folder.ts), never built.
import fs from 'node:fs'
import path from 'node:path'
import type { Actor } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { modelsDir } from '../../lib/paths.ts'
import { listFolder, tarSize, tarStream } from '../../lib/tar-folder.ts'
import { findRewardModel } from './find-reward-model.ts'

export const ARCHIVE_PARTS = ['onnx', 'checkpoint'] as const
export type ArchivePart = (typeof ARCHIVE_PARTS)[number]

/** The part's folder when it exists inside the models folder (after following links), else null. */
export function archiveFolder(rm: { outputDir: string | null; summary: unknown }, part: ArchivePart): string | null {
  const summary = (rm.summary && typeof rm.summary === 'object' ? rm.summary : {}) as { checkpointDir?: unknown }
  const dir = part === 'onnx' ? rm.outputDir : typeof summary.checkpointDir === 'string' ? summary.checkpointDir : null
  if (!dir) return null
  try {
    const real = fs.realpathSync(dir)
    const root = fs.realpathSync(modelsDir())
    return real.startsWith(root + path.sep) && fs.statSync(real).isDirectory() ? real : null
  } catch {
    return null // cleaned up, or never there
  }
}

/** "Reward model 3" → "reward-model-3": a file name any system accepts. */
const slug = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'reward-model'

export async function openModelArchive(actor: Actor, rewardModelId: string, part: ArchivePart) {
  const rm = await findRewardModel(actor, rewardModelId)
  const dir = archiveFolder(rm, part)
  if (!dir) throw notFound(part === 'onnx' ? `The ONNX export of "${rm.name}"` : `The checkpoint of "${rm.name}"`)
  const name = `${slug(rm.name)}-${part}`
  const entries = await listFolder(dir, name)
  return { filename: `${name}.tar`, bytes: tarSize(entries), files: entries.filter((e) => e.type === 'file').length, chunks: tarStream(entries) }
}
