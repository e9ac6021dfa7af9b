// Model folders are taken only from the configured roots (server/lib/model-roots.ts): the ONNX judge
// check and the Hugging Face base-model check refuse a folder outside them, a ".." path and a
// symlink that leads out, without telling whether an outside path exists; inside, a HF folder needs
// config.json and weights.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { checkModelDir } from '@/server/judge/onnx-provider'
import { modelRoots, resolveInModelRoots } from '@/server/lib/model-roots'
import { checkHfFolder, hfFolderProblem } from '@/server/services/reward-models/check-hf-folder'

let tmp: string
let root: string
let outside: string
const make = (dir: string, files: string[]) => {
  fs.mkdirSync(dir, { recursive: true })
  for (const f of files) fs.writeFileSync(path.join(dir, f), '{}')
  return dir
}

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'model-folders-')))
  root = make(path.join(tmp, 'models'), [])
  outside = make(path.join(tmp, 'elsewhere', 'gpt2'), ['config.json', 'model.safetensors', 'model.onnx', 'tokenizer.json'])
  make(path.join(root, 'gpt2'), ['config.json', 'model.safetensors'])
  make(path.join(root, 'lm-onnx'), ['model.onnx', 'tokenizer.json'])
  make(path.join(root, 'config-only'), ['config.json'])
  fs.symlinkSync(outside, path.join(root, 'link-out'))
  fs.symlinkSync(path.join(root, 'gpt2'), path.join(root, 'link-in'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('the roots', () => {
  test('REWARDLAB_MODEL_ROOTS is a PATH-style list; unset, it is the data directory', () => {
    const saved = process.env.REWARDLAB_MODEL_ROOTS
    try {
      process.env.REWARDLAB_MODEL_ROOTS = `${root}${path.delimiter}${path.delimiter}/srv/models `
      expect(modelRoots()).toEqual([root, '/srv/models'])
      delete process.env.REWARDLAB_MODEL_ROOTS
      expect(modelRoots()).toEqual([path.resolve(process.env.REWARDLAB_DATA_DIR ?? 'data')])
    } finally {
      if (saved === undefined) delete process.env.REWARDLAB_MODEL_ROOTS
      else process.env.REWARDLAB_MODEL_ROOTS = saved
    }
  })
  test('outside, "..", and a symlink out are refused alike, whether or not the path exists', () => {
    for (const p of [outside, path.join(root, '..', 'elsewhere', 'gpt2'), path.join(root, 'link-out'), '/etc', '/no/such/dir']) {
      expect(() => resolveInModelRoots(p, 'The folder', [root])).toThrow(/is outside the model folders .*REWARDLAB_MODEL_ROOTS/)
    }
    expect(resolveInModelRoots(path.join(root, 'link-in'), 'The folder', [root])).toBe(path.join(root, 'gpt2'))
    expect(resolveInModelRoots(path.join(root, 'not-yet'), 'The folder', [root])).toBe(path.join(root, 'not-yet'))
  })
})

describe('the folder checks', () => {
  test('ONNX judge folder: inside the roots only', () => {
    expect(checkModelDir(path.join(root, 'lm-onnx'), [root])).toBe(path.join(root, 'lm-onnx'))
    expect(() => checkModelDir(outside, [root])).toThrow(/outside the model folders/)
    expect(() => checkModelDir(path.join(root, 'link-out'), [root])).toThrow(/outside the model folders/)
    expect(() => checkModelDir(path.join(root, 'missing'), [root])).toThrow(/is not a local directory/)
  })
  test('Hugging Face folder: inside the roots, with config.json and weights', () => {
    expect(checkHfFolder(path.join(root, 'gpt2'), [root])).toBe(path.join(root, 'gpt2'))
    expect(() => checkHfFolder(outside, [root])).toThrow(/outside the model folders/)
    expect(() => checkHfFolder(path.join(root, 'link-out'), [root])).toThrow(/outside the model folders/)
    expect(() => checkHfFolder(path.join(root, 'config-only'), [root])).toThrow(/has no model weights/)
    expect(() => checkHfFolder(path.join(root, 'lm-onnx'), [root])).toThrow(/no config\.json/)
  })
  test('hfFolderProblem says whether a folder is gone or present but unusable', () => {
    const saved = process.env.REWARDLAB_MODEL_ROOTS
    process.env.REWARDLAB_MODEL_ROOTS = root
    try {
      expect(hfFolderProblem(path.join(root, 'gpt2'))).toBeNull()
      expect(hfFolderProblem(path.join(root, 'config-only'))).toMatchObject({ missing: false, message: expect.stringMatching(/no model weights/) })
      expect(hfFolderProblem(path.join(root, 'gone'))).toMatchObject({ missing: true })
      expect(hfFolderProblem(outside)).toMatchObject({ missing: false, message: expect.stringMatching(/outside/) })
    } finally {
      if (saved === undefined) delete process.env.REWARDLAB_MODEL_ROOTS
      else process.env.REWARDLAB_MODEL_ROOTS = saved
    }
  })
})
