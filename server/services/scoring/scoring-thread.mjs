// Worker thread that owns the ONNX sessions, so inference (which blocks its thread for tens of
// milliseconds per batch) never runs on the web server's or the worker's event loop.
// Messages in: { id, modelDir, texts }; out: { id, scores } or { id, error }.
import { parentPort } from 'node:worker_threads'
import { loadRewardModel } from './onnx-reward-model.mjs'

const models = new Map()
const MAX_MODELS = 4

async function model(dir) {
  if (!models.has(dir)) {
    if (models.size >= MAX_MODELS) {
      const [oldest] = models.keys()
      ;(await models.get(oldest)).release()
      models.delete(oldest)
    }
    models.set(dir, loadRewardModel(dir, { threads: Number(process.env.REWARDLAB_SCORING_THREADS ?? 1) }))
  }
  return models.get(dir)
}

parentPort.on('message', async ({ id, modelDir, texts }) => {
  try {
    const m = await model(modelDir)
    parentPort.postMessage({ id, scores: await m.score(texts) })
  } catch (e) {
    models.delete(modelDir)
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) })
  }
})
