// The trainer backend's input: pool pairs as the trainer's pairs JSONL (A as "chosen", B as
// "rejected"; the scores come back per pairId), and reading its scores file back.
import fs from 'node:fs'
import readline from 'node:readline'
import { db } from '../../db/client.ts'

export async function writePoolFile(pairIds: string[], file: string) {
  const out = fs.createWriteStream(file)
  for (let i = 0; i < pairIds.length; i += 1000) {
    const pairs = await db.pair.findMany({
      where: { id: { in: pairIds.slice(i, i + 1000) } },
      select: { id: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } } },
    })
    for (const p of pairs) {
      const line = JSON.stringify({ pairId: p.id, prompt: p.prompt.text, chosen: p.responseA.text, rejected: p.responseB.text, label: 1, source: 'SELF', split: 'train' })
      if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()))
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
}

export async function readTrainerScores(file: string): Promise<{ pairId: string; scoreA: number; scoreB: number }[]> {
  const rows: { pairId: string; scoreA: number; scoreB: number }[] = []
  for await (const line of readline.createInterface({ input: fs.createReadStream(file) })) {
    if (!line.trim()) continue
    const r = JSON.parse(line) as { pairId: string; reward_chosen: number; reward_rejected: number }
    rows.push({ pairId: r.pairId, scoreA: r.reward_chosen, scoreB: r.reward_rejected })
  }
  return rows
}
