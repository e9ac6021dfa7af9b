// Writes the SFT examples of an uploaded file for the trainer ({"prompt", "response", "split"} per
// line), split by prompt as the project's own examples are: a prompt's text, hashed with the run's
// seed, decides train or held out, so repeated prompts never sit on both sides. The file was checked
// on upload; a line that no longer reads (the file changed on disk) fails the job with its number.
import fs from 'node:fs'
import { badRequest } from '../../lib/errors.ts'
import type { PromptSplit } from './policy-config.ts'
import { splitOf } from './prompt-split.ts'
import { readSftFile } from './sft-datasets.ts'

export async function writeUploadedSftExamples(source: string, split: PromptSplit, file: string) {
  const out = fs.createWriteStream(file)
  const counts = { train: 0, eval: 0 }
  try {
    for await (const item of readSftFile(source)) {
      if (item.kind === 'error') throw badRequest(`The uploaded SFT file no longer reads: ${item.reason}`)
      const s = splitOf(`upload-prompt:${item.example.prompt}`, split)
      counts[s]++
      if (!out.write(JSON.stringify({ ...item.example, split: s }) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()))
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  }
  if (counts.train === 0) throw badRequest('No SFT examples to train on: every prompt of the uploaded file fell in the held-out split (upload more prompts or hold out fewer)')
  return counts
}
