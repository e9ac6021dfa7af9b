// Writes a project's distinct prompts (those with at least one pair) as the trainer's prompts file,
// each with its seeded split: {"id", "prompt", "split"} per line. Returns the counts and a digest of
// the train prompts' ids, which is part of a baseline set's identity.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { db } from '../../db/client.ts'
import type { PromptSplit } from './policy-config.ts'
import { splitOf } from './prompt-split.ts'

const PAGE = 2000

export async function writePromptSet(projectId: string, split: PromptSplit, file: string | null) {
  const out = file ? fs.createWriteStream(file) : null
  const counts = { train: 0, eval: 0 }
  const digest = crypto.createHash('sha256')
  let cursor: string | undefined
  for (;;) {
    const rows = await db.prompt.findMany({
      where: { projectId, pairs: { some: {} } }, orderBy: { id: 'asc' }, take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}), select: { id: true, text: true },
    })
    if (!rows.length) break
    cursor = rows.at(-1)!.id
    for (const p of rows) {
      const s = splitOf(p.id, split)
      counts[s]++
      if (s === 'train') digest.update(`${p.id}\n`)
      if (out && !out.write(JSON.stringify({ id: p.id, prompt: p.text, split: s }) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()))
    }
  }
  if (out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  return { ...counts, trainDigest: digest.digest('hex') }
}
