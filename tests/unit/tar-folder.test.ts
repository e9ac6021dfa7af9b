// The tar writer behind model downloads (server/lib/tar-folder.ts), read back by GNU tar: every
// file with its exact bytes, folders, a name past ustar's 100 bytes (a pax header), symlinks left
// out, and the size announced before streaming equal to the bytes streamed.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { listFolder, tarSize, tarStream } from '@/server/lib/tar-folder.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-folder-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

test('GNU tar lists and extracts what was written; the announced size is the streamed size', async () => {
  const src = path.join(tmp, 'onnx')
  const long = `${'weights-shard-'.repeat(8)}0001.bin` // 116 bytes: too long for a ustar name
  fs.mkdirSync(path.join(src, 'sub'), { recursive: true })
  fs.writeFileSync(path.join(src, 'model.onnx'), Buffer.alloc(1300, 7))
  fs.writeFileSync(path.join(src, 'tokenizer.json'), '{"v": 1}')
  fs.writeFileSync(path.join(src, 'sub', long), 'x'.repeat(512))
  fs.writeFileSync(path.join(src, 'empty.txt'), '')
  fs.symlinkSync('/etc/passwd', path.join(src, 'leak'))

  const entries = await listFolder(src, 'my-model-onnx')
  const chunks: Uint8Array[] = []
  for await (const c of tarStream(entries, 256)) chunks.push(c)
  const tar = Buffer.concat(chunks)
  expect(tar.length).toBe(tarSize(entries))
  expect(tar.length % 512).toBe(0)
  const file = path.join(tmp, 'out.tar')
  fs.writeFileSync(file, tar)

  const list = spawnSync('tar', ['-tf', file], { encoding: 'utf8' })
  expect(list.status, list.stderr).toBe(0)
  expect(list.stdout.trim().split('\n')).toEqual([
    'my-model-onnx/', 'my-model-onnx/empty.txt', 'my-model-onnx/model.onnx', 'my-model-onnx/sub/', `my-model-onnx/sub/${long}`, 'my-model-onnx/tokenizer.json',
  ])
  const out = path.join(tmp, 'x')
  fs.mkdirSync(out)
  const x = spawnSync('tar', ['-xf', file, '-C', out], { encoding: 'utf8' })
  expect(x.status, x.stderr).toBe(0)
  expect(fs.readFileSync(path.join(out, 'my-model-onnx', 'model.onnx'))).toEqual(Buffer.alloc(1300, 7))
  expect(fs.readFileSync(path.join(out, 'my-model-onnx', 'sub', long), 'utf8')).toBe('x'.repeat(512))
  expect(fs.readFileSync(path.join(out, 'my-model-onnx', 'tokenizer.json'), 'utf8')).toBe('{"v": 1}')
  expect(fs.existsSync(path.join(out, 'my-model-onnx', 'leak'))).toBe(false)
})

test('a file that changes size after the listing ends the stream with an error', async () => {
  const src = path.join(tmp, 'changing')
  fs.mkdirSync(src)
  fs.writeFileSync(path.join(src, 'a.bin'), 'abc')
  const entries = await listFolder(src, 'c')
  fs.writeFileSync(path.join(src, 'a.bin'), 'abcdef')
  await expect((async () => { for await (const _ of tarStream(entries)) { /* drain */ } })()).rejects.toThrow(/grew while it was being archived/)
})
