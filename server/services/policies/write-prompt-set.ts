// Writes a project's distinct prompts (those with at least one pair, of the split's imports when it
// names some) as the trainer's prompts file,
// each with its seeded split: {"id", "prompt", "split"} per line. With a train limit N > 0 only a
// seeded sample of N train prompts is kept (a short PPO run then needs baselines for those alone).
// Returns the counts and a digest of the train prompts' ids, which is part of a baseline set's identity.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { db } from '../../db/client.ts'
import { importWhere, unitHash } from '../../lib/pair-scope.ts'
import type { PromptSplit } from './policy-config.ts'

/** A split as stored by runs made before imports could be chosen reads as the whole project. */
type SplitArg = Pick<PromptSplit, 'seed' | 'evalShare'> & { importIds?: readonly string[] }
import { splitOf } from './prompt-split.ts'

const PAGE = 2000

async function* promptPages(projectId: string, importIds: readonly string[], withText: boolean) {
  let cursor: string | undefined
  for (;;) {
    const rows = await db.prompt.findMany({
      where: { projectId, pairs: { some: importWhere(importIds) } }, orderBy: { id: 'asc' }, take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}), select: { id: true, text: withText },
    })
    if (!rows.length) return
    cursor = rows.at(-1)!.id
    yield rows
  }
}

/** The ids of a seeded sample of `limit` train prompts (those with the smallest hashes), or null for all. */
async function trainSample(projectId: string, split: SplitArg, limit: number): Promise<Set<string> | null> {
  if (limit <= 0) return null
  const ranked: [number, string][] = []
  for await (const rows of promptPages(projectId, split.importIds ?? [], false)) {
    for (const p of rows) if (splitOf(p.id, split) === 'train') ranked.push([unitHash(p.id, 'prompt-sample', split.seed), p.id])
  }
  return new Set(ranked.sort((a, b) => a[0] - b[0]).slice(0, limit).map(([, id]) => id))
}

export async function writePromptSet(projectId: string, split: SplitArg, file: string | null, trainLimit = 0) {
  const sample = await trainSample(projectId, split, trainLimit)
  const out = file ? fs.createWriteStream(file) : null
  const counts = { train: 0, eval: 0 }
  const digest = crypto.createHash('sha256')
  for await (const rows of promptPages(projectId, split.importIds ?? [], out !== null)) {
    for (const p of rows) {
      const s = splitOf(p.id, split)
      if (s === 'train' && sample && !sample.has(p.id)) continue
      counts[s]++
      if (s === 'train') digest.update(`${p.id}\n`)
      if (out && !out.write(JSON.stringify({ id: p.id, prompt: p.text, split: s }) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()))
    }
  }
  if (out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  return { ...counts, trainDigest: digest.digest('hex') }
}
