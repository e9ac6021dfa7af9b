// Scores texts with an exported reward model through one shared worker thread per process
// (see scoring-thread.mjs). Requests are queued by the thread; callers batch their own texts.
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { repoRoot } from '../../lib/paths.ts'

type Pending = { resolve: (s: number[]) => void; reject: (e: Error) => void }
let worker: Worker | null = null
const pending = new Map<number, Pending>()
let nextId = 1

function thread() {
  if (worker) return worker
  // Resolved from the repo root, not this module: inside a Next.js bundle this file lives elsewhere.
  // Reflect.construct, not `new Worker(...)`: Turbopack rewrites the latter into a lookup of its own
  // worker chunk, which fails for this absolute path in `next start`. Node loads the plain .mjs file.
  const file = path.join(repoRoot(), 'server', 'services', 'scoring', 'scoring-thread.mjs')
  const w: Worker = Reflect.construct(Worker, [file])
  w.on('message', ({ id, scores, error }: { id: number; scores?: number[]; error?: string }) => {
    const p = pending.get(id)
    pending.delete(id)
    if (error) p?.reject(new Error(error))
    else p?.resolve(scores!)
  })
  w.on('error', (e) => {
    for (const p of pending.values()) p.reject(e)
    pending.clear()
    worker = null
  })
  w.unref() // an idle scoring thread must not keep a script alive
  worker = w
  return w
}

export function scoreTexts(modelDir: string, texts: string[]): Promise<number[]> {
  if (!texts.length) return Promise.resolve([])
  const id = nextId++
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject })
    thread().postMessage({ id, modelDir, texts })
  })
}

export async function stopScoringThread() {
  const w = worker
  worker = null
  if (w) await w.terminate()
}
