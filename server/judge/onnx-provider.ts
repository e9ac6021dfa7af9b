// JudgeProvider over a LOCAL causal LM exported to ONNX (`python -m rewardlab_trainer export-lm`): no
// network, no API key. Generation runs in a worker thread per provider (onnx-lm-thread.mjs) because each
// token blocks its thread; this side only renders the prompt, queues requests and rejects at once on abort
// (the thread stops at its next token). Messages become one plain-text prompt, contents joined by blank
// lines: the tiny LMs this is for have no chat template, and the RLAIF prompt is running text anyway; a
// chat_template in the folder's tokenizer_config is ignored on purpose.
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { resolveInModelRoots } from '../lib/model-roots.ts'
import { repoRoot } from '../lib/paths.ts'
import type { ChatMessage, CompletionRequest, CompletionResult, JudgeProvider } from './provider.ts'

export type OnnxProviderOptions = {
  /** Folder with model.onnx + tokenizer.json (+ rewardlab-lm.json), as export-lm writes it. */
  modelDir: string
  /** onnxruntime intra-op threads; 1 keeps a judge from starving the web server on a small machine. */
  threads?: number
}

export type OnnxProvider = JudgeProvider & { readonly modelDir: string }

type Pending = { resolve: (r: CompletionResult) => void; reject: (e: unknown) => void }

/** The prompt the LM continues: every message's content, in order, separated by a blank line. */
export function renderPrompt(messages: readonly ChatMessage[]): string {
  return messages.map((m) => m.content).filter((c) => c.length > 0).join('\n\n')
}

/**
 * The folder's real path, or a clear error naming what is wrong with it. It must lie inside the
 * model folders (server/lib/model-roots.ts): checked when a judge is saved and again here in the
 * worker, since the folder or the roots may have changed in between.
 */
export function checkModelDir(modelDir: string, roots?: string[]): string {
  const hint = 'export one with `python -m rewardlab_trainer export-lm`'
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(modelDir)) throw new Error(`ONNX judge model "${modelDir}" is a URL: it must be a local directory (${hint})`)
  const dir = resolveInModelRoots(modelDir, 'ONNX judge model', roots)
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`ONNX judge model ${dir} is not a local directory (${hint})`)
  for (const file of ['model.onnx', 'tokenizer.json']) {
    if (!fs.existsSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, file))) throw new Error(`ONNX judge model ${dir} has no ${file} (${hint})`)
  }
  if (fs.existsSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, 'rewardlab-rm.json'))) throw new Error(`ONNX judge model ${dir} is a reward model, not a causal LM (${hint})`)
  return dir
}

function checkRequest(req: CompletionRequest) {
  const count = (n: number) => Number.isInteger(n) && n >= 0
  if (!count(req.maxTokens) || !count(req.topLogprobs) || !(req.temperature >= 0 && Number.isFinite(req.temperature))) {
    throw new Error(`invalid completion request: maxTokens ${req.maxTokens}, topLogprobs ${req.topLogprobs}, temperature ${req.temperature}`)
  }
}

export function createOnnxProvider({ modelDir, threads = 1 }: OnnxProviderOptions): OnnxProvider {
  const dir = checkModelDir(modelDir)
  const pending = new Map<number, Pending>()
  let worker: Worker | null = null
  let nextId = 1

  function failAll(error: Error) {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }

  function thread(): Worker {
    if (worker) return worker
    // From the repo root, and through Reflect.construct: see score-texts.ts (Next.js bundles move this module).
    const file = path.join(repoRoot(), 'server', 'judge', 'onnx-lm-thread.mjs')
    const w: Worker = Reflect.construct(Worker, [file, { workerData: { modelDir: dir, threads } }])
    w.on('message', ({ id, result, error }: { id: number; result?: CompletionResult; error?: string }) => {
      const p = pending.get(id)
      pending.delete(id)
      if (!pending.size) w.unref() // an idle judge thread must not keep a script alive
      if (error !== undefined) p?.reject(new Error(`ONNX judge (${dir}): ${error}`))
      else p?.resolve(result!)
    })
    w.on('error', (e) => failAll(e))
    w.on('exit', () => {
      if (worker === w) worker = null
      failAll(new Error(`ONNX judge thread for ${dir} exited`))
    })
    worker = w
    return w
  }

  function complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult> {
    try {
      checkRequest(req)
    } catch (e) {
      return Promise.reject(e)
    }
    if (signal?.aborted) return Promise.reject(signal.reason)
    const id = nextId++
    const w = thread()
    return new Promise<CompletionResult>((resolve, reject) => {
      const onAbort = () => {
        pending.delete(id)
        if (!pending.size) w.unref()
        w.postMessage({ type: 'cancel', id }) // frees the thread at its next token
        reject(signal!.reason)
      }
      const done = () => signal?.removeEventListener('abort', onAbort)
      pending.set(id, { resolve: (r) => (done(), resolve(r)), reject: (e) => (done(), reject(e)) })
      signal?.addEventListener('abort', onAbort, { once: true })
      w.ref() // a request in flight keeps the process alive until it is answered
      w.postMessage({ type: 'complete', id, prompt: renderPrompt(req.messages), maxTokens: req.maxTokens,
        temperature: req.temperature, topLogprobs: req.topLogprobs })
    })
  }

  async function close() {
    const w = worker
    worker = null
    failAll(new Error(`ONNX judge for ${dir} was closed`))
    if (w) await w.terminate()
  }

  return { modelDir: dir, complete, close }
}
