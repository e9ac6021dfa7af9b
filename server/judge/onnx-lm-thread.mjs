// Worker thread that owns one local judge LM (onnx-causal-lm.mjs), so generation (which blocks its thread
// for each token) never runs on the web server's or the job worker's event loop. One request at a time:
// the model already uses the cores it was given, so interleaving would only make every answer later.
// workerData: { modelDir, threads }. Messages in: { type: 'complete', id, prompt, maxTokens, temperature,
// topLogprobs } | { type: 'cancel', id }; out: { id, result } | { id, error }.
import { parentPort, workerData } from 'node:worker_threads'
import { Cancelled, loadCausalLM } from './onnx-causal-lm.mjs'

const model = loadCausalLM(workerData.modelDir, { threads: workerData.threads ?? 1 })
model.catch(() => {}) // a load failure is reported to each request below, not as an unhandled rejection
const live = new Set() // queued or running ids: a late cancel for a finished id must not stay in `cancelled`
const cancelled = new Set()
let queue = Promise.resolve()

parentPort.on('message', (msg) => {
  if (msg.type === 'cancel') {
    if (live.has(msg.id)) cancelled.add(msg.id)
    return
  }
  live.add(msg.id)
  queue = queue.then(() => complete(msg))
})

async function complete({ id, prompt, maxTokens, temperature, topLogprobs }) {
  try {
    if (cancelled.has(id)) throw new Cancelled()
    const m = await model
    const result = await m.generate(prompt, { maxTokens, temperature, topLogprobs, isCancelled: () => cancelled.has(id) })
    parentPort.postMessage({ id, result })
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) })
  } finally {
    live.delete(id)
    cancelled.delete(id)
  }
}
