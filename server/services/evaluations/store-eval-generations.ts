// Stores the trainer's generations file of a policy evaluation as PolicyEvalSample rows. Safe to run
// twice: rows already stored are kept (the same seed gives the same text anyway).
import fs from 'node:fs'
import readline from 'node:readline'
import { db } from '../../db/client.ts'

const BATCH = 500

type Line = { policy: string; id: string; completion: string; tokens: number; eos: boolean; score: number | null }

export async function storeEvalGenerations(evalId: string, file: string | undefined) {
  if (!file) throw new Error('The trainer finished without writing the generations')
  let batch: Line[] = []
  let stored = 0
  const flush = async () => {
    if (!batch.length) return
    const r = await db.policyEvalSample.createMany({
      data: batch.map((l) => ({ evalId, policyId: l.policy, promptId: l.id, completion: l.completion, tokens: l.tokens, eos: l.eos, rmScore: l.score })),
      skipDuplicates: true,
    })
    stored += r.count
    batch = []
  }
  for await (const text of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (!text.trim()) continue
    batch.push(JSON.parse(text) as Line)
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  return stored
}
