// Runs an exported causal language model (model.onnx + tokenizer.json [+ rewardlab-lm.json], written by the
// trainer's export-lm) with onnxruntime-node: tokenize, greedy or temperature decoding, and the first
// generated position's log-probabilities for the AI judge. The graph has no KV cache, so every step re-runs
// the window (at most the context length, sliding once the prompt fills it): fine for short rationales.
// Inference blocks the calling thread: use it from a worker thread (onnx-lm-thread.mjs), never from an
// event loop that serves requests. Plain JavaScript so a worker thread can load it without a TypeScript loader.
import fs from 'node:fs'
import path from 'node:path'
import ort from 'onnxruntime-node'
import { Tokenizer } from '@huggingface/tokenizers'

const MANIFEST = 'rewardlab-lm.json'
// The judge's soft label reads "1" vs "2" (d-RLAIF ratings "1".."10"); top-k alone could leave one of them
// out (a tiny LM often ranks other tokens higher), which would turn a soft label into a hard 0 or 1.
// Both spellings are kept ("1" and " 1"): the judge adds a digit's spellings up (soft-label.ts).
const DIGITS = Array.from({ length: 10 }, (_, i) => String(i + 1)).flatMap((d) => [d, ` ${d}`])

export class Cancelled extends Error {
  constructor() { super('generation cancelled') }
}

const readJson = (file, fallback) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : fallback)

export async function loadCausalLM(dir, { threads = 1 } = {}) {
  for (const f of ['model.onnx', 'tokenizer.json']) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`${dir} has no ${f}: not an exported causal LM folder`)
  }
  const manifest = readJson(path.join(dir, MANIFEST), {})
  if (manifest.kind !== undefined && manifest.kind !== 'causal-lm') throw new Error(`${dir} holds a '${manifest.kind}', not a causal LM`)
  const tokCfg = readJson(path.join(dir, 'tokenizer_config.json'), {})
  const tokenizer = new Tokenizer(readJson(path.join(dir, 'tokenizer.json')), tokCfg)
  // tokenizer_config's model_max_length is often a huge "unlimited" sentinel: only a real size will do
  const contextLength = manifest.context_length ?? (tokCfg.model_max_length < 1_000_000 ? tokCfg.model_max_length : null)
  if (!contextLength) throw new Error(`${dir}: context length unknown (no ${MANIFEST}): re-export with export-lm`)
  const eos = manifest.eos_token_ids ?? [manifest.eos_token_id ?? tokenId(tokenizer, tokCfg.eos_token)]
  const session = await ort.InferenceSession.create(path.join(dir, manifest.model ?? 'model.onnx'), {
    intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all',
  })
  const extra = session.inputNames.filter((n) => !['input_ids', 'attention_mask', 'position_ids'].includes(n))
  if (!session.inputNames.includes('input_ids') || extra.length) {
    await session.release()
    throw new Error(`${dir}: model inputs [${session.inputNames}] unsupported: export without a KV cache (export-lm)`)
  }
  const m = {
    session, tokenizer, contextLength,
    output: manifest.output ?? (session.outputNames.includes('logits') ? 'logits' : session.outputNames[0]),
    eosIds: new Set(eos.filter((x) => x != null)),
    digitIds: DIGITS.map((d) => tokenizer.encode(d, { add_special_tokens: false }).ids)
      .filter((ids) => ids.length === 1).map(([id]) => id),
  }
  return {
    manifest, contextLength,
    encodePrompt: (text) => encodePrompt(m, text),
    nextLogits: (ids) => nextLogits(m, ids),
    firstTokenLogprobs: (logits, k) => firstTokenLogprobs(m, logits, k),
    generate: (prompt, opts) => generate(m, prompt, opts),
    release: () => session.release(),
  }
}

/**
 * Decodes up to maxTokens (stopping after an EOS); isCancelled() is checked between tokens, where the
 * event loop also gets a turn so a cancel message can arrive. completionTokens counts a final EOS (as vLLM
 * does); the text leaves it out. → { text, firstTokenLogprobs, promptTokens, completionTokens }
 */
async function generate(m, prompt, opts) {
  const { maxTokens, temperature = 0, topLogprobs = 0, isCancelled = () => false, random = Math.random } = opts
  let ids = encodePrompt(m, prompt)
  const promptTokens = ids.length
  const generated = []
  let first = null
  for (let step = 0; step < Math.max(maxTokens, topLogprobs > 0 ? 1 : 0); step++) {
    if (isCancelled()) throw new Cancelled()
    const logits = await nextLogits(m, ids)
    if (step === 0 && topLogprobs > 0) first = firstTokenLogprobs(m, logits, topLogprobs)
    if (step >= maxTokens) break
    const next = temperature > 0 ? sample(logits, temperature, random) : topK(logits, 1)[0]
    generated.push(next)
    if (m.eosIds.has(next)) break
    ids = ids.length < m.contextLength ? [...ids, next] : [...ids.slice(1), next] // the window slides
    await new Promise((resolve) => setImmediate(resolve))
  }
  if (isCancelled()) throw new Cancelled()
  const kept = generated.filter((id) => !m.eosIds.has(id))
  const text = kept.length ? m.tokenizer.decode(kept, { skip_special_tokens: true }) : '' // decode([]) throws
  return { text, firstTokenLogprobs: first, promptTokens, completionTokens: generated.length }
}

/** The prompt's ids (with the tokenizer's own special tokens, e.g. a BOS), left-truncated to keep the end. */
function encodePrompt(m, text) {
  const ids = m.tokenizer.encode(text).ids
  if (ids.length) return ids.slice(-m.contextLength)
  if (!m.eosIds.size) throw new Error('the prompt encodes to no tokens and the model has no EOS to start from')
  return [m.eosIds.values().next().value] // GPT-2's convention: <|endoftext|> starts a document
}

/** ids: number[] (1 ≤ length ≤ contextLength) → the last position's logits, Float32Array [vocab] */
async function nextLogits(m, ids) {
  const n = ids.length
  const tensor = (values) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, n])
  // attention_mask / position_ids: only in graphs from other exporters (e.g. Optimum without past)
  const feeds = { input_ids: tensor(ids) }
  if (m.session.inputNames.includes('attention_mask')) feeds.attention_mask = tensor(ids.map(() => 1))
  if (m.session.inputNames.includes('position_ids')) feeds.position_ids = tensor(ids.map((_, i) => i))
  const logits = (await m.session.run(feeds, [m.output]))[m.output] // [1, n, V]
  const vocab = logits.dims[logits.dims.length - 1]
  return logits.data.subarray(logits.data.length - vocab)
}

/** Token text → log-probability at the first generated position: top-k plus the digits (see DIGITS). */
function firstTokenLogprobs(m, logits, k) {
  const lse = logSumExp(logits)
  const out = {}
  for (const id of new Set([...topK(logits, k), ...m.digitIds])) {
    const text = m.tokenizer.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false })
    const lp = logits[id] - lse
    out[text] = text in out ? logAddExp(out[text], lp) : lp // two ids, one spelling: the text's probability
  }
  return out
}

function tokenId(tokenizer, token) {
  const text = typeof token === 'string' ? token : token?.content
  return text == null ? undefined : tokenizer.token_to_id(text)
}

function logSumExp(xs) {
  let m = -Infinity
  for (const x of xs) if (x > m) m = x
  let s = 0
  for (const x of xs) s += Math.exp(x - m)
  return m + Math.log(s)
}

const logAddExp = (a, b) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)))

/** Indices of the k largest values, largest first (one pass; k is small next to the vocabulary). */
function topK(xs, k) {
  const best = []
  for (let i = 0; i < xs.length; i++) {
    if (best.length === k && !(xs[i] > xs[best[k - 1]])) continue
    let j = best.length
    while (j > 0 && xs[i] > xs[best[j - 1]]) j--
    best.splice(j, 0, i)
    if (best.length > k) best.pop()
  }
  return best
}

/** A draw from softmax(logits / temperature). */
function sample(logits, temperature, random) {
  let m = -Infinity
  for (const x of logits) if (x > m) m = x
  const weights = Float64Array.from(logits, (x) => Math.exp((x - m) / temperature))
  let u = random() * weights.reduce((a, b) => a + b, 0)
  for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) <= 0) return i
  return weights.length - 1
}
