// Builds the Python trainer's JSON config (workers/trainer/rewardlab_trainer/config.py) from what the
// researcher chose: flat dotted keys ("train.lr": 3e-4), expanded once, by the trainer. Also the
// identity of a built-in base model's pretraining, from everything that shapes it.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { modelsDir, repoRoot } from '../../lib/paths.ts'
import { trainerDefault, trainerSettings } from './trainer-settings.ts'

/** Pretraining settings per built-in size: 'tiny' is the test model, so it pretrains briefly. */
export const BUILTIN_PRETRAIN: Record<string, Record<string, unknown>> = {
  tiny: { 'pretrain.max_steps': 30, 'pretrain.eval_every': 15, 'pretrain.batch_size': 4, 'pretrain.block_size': 128 },
  small: {},
}

export function pretrainConfig(size: string) {
  return {
    out_dir: path.join(modelsDir(), 'pretrain-runs', size),
    'model.builtin': size,
    'pretrain.cache_dir': path.join(modelsDir(), 'pretrained'),
    ...BUILTIN_PRETRAIN[size],
  }
}

let corpusHash: string | null = null
/** The shipped pretraining text's digest, read once per process. */
function shippedCorpusHash() {
  const files = trainerDefault<string[]>('pretrain.corpus').map((p) => p.replace('<repo>', repoRoot()))
  corpusHash ??= crypto.createHash('sha256').update(files.map((f) => fs.readFileSync(f)).reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0))).digest('hex')
  return corpusHash
}

/**
 * The identity of a built-in model's pretraining: its size, every pretraining setting (the trainer's
 * defaults with this size's changes), the seed and the corpus bytes. A changed default in config.py
 * (regenerated into trainer-settings.json) or a new corpus makes a new base model, never a stale reuse.
 */
export function pretrainKey(size: string) {
  // The trainer's own pretraining cache key uses the same inputs (pretrain.py cache_key).
  const pretrain = Object.fromEntries(trainerSettings()
    .filter((s) => s.key.startsWith('pretrain.') && s.key !== 'pretrain.cache_dir' && s.key !== 'pretrain.corpus')
    .map((s) => [s.key, BUILTIN_PRETRAIN[size]?.[s.key] ?? s.default]))
  const shape = trainerDefault<Record<string, unknown>>('model.builtin_sizes')[size]
  const identity = { size, shape, pretrain, seed: trainerDefault('seed'), corpus: shippedCorpusHash() }
  return crypto.createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 24)
}

export function trainRmConfig(opts: { outDir: string; basePath: string; pairsFile: string; seed: number; ties: string; overrides: Record<string, unknown> }) {
  return {
    out_dir: opts.outDir,
    seed: opts.seed,
    'model.path': opts.basePath,
    'data.pairs': opts.pairsFile,
    'data.ties': opts.ties,
    'export.onnx': true,
    ...opts.overrides, // checked against the trainer's overridable keys: never a path
  }
}
