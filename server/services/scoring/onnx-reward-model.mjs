// Loads an exported reward model (model.onnx + tokenizer.json + rewardlab-rm.json, written by
// the trainer's export-onnx) with onnxruntime-node and scores texts exactly as the trainer does:
// prompt + response, no special tokens, truncated on the manifest's side, right-padded.
// Plain JavaScript so a worker thread can load it without a TypeScript loader (in `next start`).
import fs from 'node:fs'
import path from 'node:path'
import ort from 'onnxruntime-node'
import { Tokenizer } from '@huggingface/tokenizers'

const MANIFEST = 'rewardlab-rm.json'

// batchSize: sequences per session run; 32 (16 pairs) is the trainer's scoring batch, small enough
// that sorted batches carry little padding, large enough to keep the matrix kernels busy.
export async function loadRewardModel(dir, { threads = 1, batchSize = 32 } = {}) {
  const manifestPath = path.join(dir, MANIFEST)
  if (!fs.existsSync(manifestPath)) throw new Error(`${dir} has no ${MANIFEST}: not an exported RewardLab reward model`)
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
  const tokJson = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'))
  const cfgPath = path.join(dir, 'tokenizer_config.json')
  const tokCfg = fs.existsSync(cfgPath) ? JSON.parse(fs.readFileSync(cfgPath, 'utf8')) : {}
  const tokenizer = new Tokenizer(tokJson, tokCfg)
  const session = await ort.InferenceSession.create(path.join(dir, manifest.model ?? 'model.onnx'), {
    intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all',
  })
  const maxLength = manifest.max_length
  const padId = manifest.pad_token_id ?? 0
  const leftTruncate = (manifest.truncation_side ?? 'left') === 'left'

  function encode(text) {
    const ids = tokenizer.encode(text, { add_special_tokens: false }).ids
    if (ids.length <= maxLength) return ids
    return leftTruncate ? ids.slice(ids.length - maxLength) : ids.slice(0, maxLength)
  }

  /** One padded batch through the session: rewards of `seqs` in their order. */
  async function run(seqs) {
    const width = Math.max(1, ...seqs.map((s) => s.length))
    const ids = new BigInt64Array(seqs.length * width).fill(BigInt(padId))
    const mask = new BigInt64Array(seqs.length * width)
    seqs.forEach((s, row) => s.forEach((id, j) => { ids[row * width + j] = BigInt(id); mask[row * width + j] = 1n }))
    const out = await session.run({
      input_ids: new ort.Tensor('int64', ids, [seqs.length, width]),
      attention_mask: new ort.Tensor('int64', mask, [seqs.length, width]),
    })
    return out[manifest.output ?? 'rewards'].data
  }

  /**
   * texts: string[] (each prompt + response) → number[] of rewards, in the texts' order. Sorted by
   * length and cut into batches of `batchSize` sequences, so a caller's page of a few hundred texts
   * is not padded to its longest one (the trainer's `score` sorts the same way).
   */
  async function score(texts) {
    const seqs = texts.map(encode)
    const order = seqs.map((_, i) => i).sort((a, b) => seqs[a].length - seqs[b].length)
    const rewards = new Array(texts.length)
    for (let start = 0; start < order.length; start += batchSize) {
      const idx = order.slice(start, start + batchSize)
      const got = await run(idx.map((i) => seqs[i]))
      idx.forEach((i, k) => { rewards[i] = Number(got[k]) })
    }
    return rewards
  }

  return { manifest, score, encode, release: () => session.release() }
}
