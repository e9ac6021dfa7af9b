// Builds the Python trainer's JSON config (workers/trainer/rewardlab_trainer/config.py) from what
// the researcher chose. Dotted keys in `trainer` ("train.lr": 3e-4) become nested objects.
import path from 'node:path'
import { modelsDir } from '../../lib/paths.ts'

/** Pretraining settings per built-in size: 'tiny' is the test model, so it pretrains briefly. */
export const BUILTIN_PRETRAIN: Record<string, Record<string, unknown>> = {
  tiny: { max_steps: 30, eval_every: 15, batch_size: 4, block_size: 128 },
  small: {},
}

export function nestDotted(flat: Record<string, unknown>) {
  const out: Record<string, any> = {}
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.')
    let node = out
    for (const p of parts.slice(0, -1)) node = node[p] ??= {}
    node[parts.at(-1)!] = value
  }
  return out
}

function merge(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out = { ...a }
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' ? merge(out[k], v) : v
  }
  return out
}

export function pretrainConfig(size: string, seed = 1337) {
  return {
    out_dir: path.join(modelsDir(), 'pretrain-runs', size),
    seed,
    model: { builtin: size },
    pretrain: { cache_dir: path.join(modelsDir(), 'pretrained'), ...BUILTIN_PRETRAIN[size] },
  }
}

export function trainRmConfig(opts: { outDir: string; basePath: string; pairsFile: string; seed: number; ties: string; overrides: Record<string, unknown> }) {
  const base = {
    out_dir: opts.outDir,
    seed: opts.seed,
    model: { path: opts.basePath },
    data: { pairs: opts.pairsFile, ties: opts.ties },
    export: { onnx: true },
  }
  return merge(base, nestDotted(opts.overrides))
}
