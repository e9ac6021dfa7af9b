// Model folders through the API and the worker: a Hugging Face base model and an ONNX judge folder are
// taken only from REWARDLAB_MODEL_ROOTS (set per test to a temp folder), a symlink cannot lead out,
// a HF folder needs config.json and weights, the base-model list calls a folder READY only while it
// passes that same check, and the worker checks again before it uses a folder.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { JobKind } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { runJob, type Task } from '@/workers/run-job.ts'
import { judgeRunTask } from '@/workers/tasks/judge-run.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

let tmp: string
let root: string
let outside: string
let researcher: Actor
let projectId: string

const make = (dir: string, files: string[]) => {
  fs.mkdirSync(dir, { recursive: true })
  for (const f of files) fs.writeFileSync(path.join(dir, f), '{}')
  return dir
}
async function failure(p: Promise<unknown>) {
  try {
    await p
    return 'OK'
  } catch (e) {
    return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)
  }
}
async function runHere(kind: JobKind, jobId: string, task: Task) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } })
  if (job.queueJobId) await (await getBoss()).cancel(JOB_CONTRACT[kind].queue, job.queueJobId)
  await runJob(kind, { jobId }, new AbortController().signal, task, { retries: false })
  return db.job.findUniqueOrThrow({ where: { id: jobId } })
}
const train = (name: string, folder: string) => callerFor(researcher).rewardModels.train({ projectId, config: { name, base: { source: 'HF_FOLDER', path: folder } } })
const baseStatus = async (folder: string) => (await callerFor(researcher).rewardModels.baseModels()).find((b) => b.ref === folder)

beforeAll(async () => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'model-folders-it-')))
  root = make(path.join(tmp, 'models'), [])
  outside = make(path.join(tmp, 'elsewhere'), ['config.json', 'model.safetensors', 'model.onnx', 'tokenizer.json'])
  fs.symlinkSync(outside, path.join(root, 'link-out'))
  researcher = await makeUser('RESEARCHER')
  projectId = (await makeProject({ owner: researcher, pairs: 2 })).id
})
beforeEach(() => vi.stubEnv('REWARDLAB_MODEL_ROOTS', root))
afterAll(() => {
  vi.unstubAllEnvs()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('Hugging Face base-model folders', () => {
  test('outside the roots, through a symlink, or without weights: refused before anything is created', async () => {
    const before = await db.rewardModel.count({ where: { projectId } })
    make(path.join(root, 'config-only'), ['config.json'])
    expect(await failure(train('outside', outside))).toMatch(/^BAD_REQUEST: .*is outside the model folders/)
    expect(await failure(train('dotdot', path.join(root, '..', 'elsewhere')))).toMatch(/^BAD_REQUEST: .*is outside the model folders/)
    expect(await failure(train('symlink', path.join(root, 'link-out')))).toMatch(/^BAD_REQUEST: .*is outside the model folders/)
    expect(await failure(train('no weights', path.join(root, 'config-only')))).toMatch(/^BAD_REQUEST: .*has no model weights/)
    expect(await db.rewardModel.count({ where: { projectId } })).toBe(before)
  })

  test('listed READY only while the folder passes the check; the worker checks again', async () => {
    const folder = make(path.join(root, 'gpt2-like'), ['config.json', 'model.safetensors'])
    const rm = await train('from a folder', folder)
    expect(await baseStatus(folder)).toMatchObject({ status: 'READY', problem: null })
    fs.rmSync(path.join(folder, 'model.safetensors'))
    expect(await baseStatus(folder)).toMatchObject({ status: 'FAILED', problem: expect.stringMatching(/has no model weights/) })
    // The worker refuses the folder before writing pairs or starting the trainer.
    const job = await runHere('TRAIN_RM', rm.jobId, trainRmTask)
    expect(job.status).toBe('FAILED')
    expect(job.error).toMatch(/has no model weights/)
    fs.writeFileSync(path.join(folder, 'model.safetensors'), '{}')
    vi.stubEnv('REWARDLAB_MODEL_ROOTS', outside) // the admin moved the roots: the folder is no longer usable
    expect(await baseStatus(folder)).toMatchObject({ status: 'FAILED', problem: expect.stringMatching(/outside the model folders/) })
    vi.stubEnv('REWARDLAB_MODEL_ROOTS', root)
    fs.rmSync(folder, { recursive: true })
    expect(await baseStatus(folder)).toMatchObject({ status: 'MISSING' })
  })
})

describe('ONNX judge folders', () => {
  const create = (name: string, modelDir: string) => callerFor(researcher).judges.create({ projectId, name, config: { provider: { kind: 'onnx', modelDir } } })

  test('outside the roots or through a symlink: refused when saved', async () => {
    expect(await failure(create('outside', outside))).toMatch(/^BAD_REQUEST: ONNX judge model .* is outside the model folders/)
    expect(await failure(create('symlink', path.join(root, 'link-out')))).toMatch(/^BAD_REQUEST: .*is outside the model folders/)
    expect(await failure(create('etc', '/etc'))).toMatch(/is outside the model folders/)
  })

  test('refused by the worker when the folder is no longer inside the roots', async () => {
    const lm = make(path.join(root, 'lm'), ['model.onnx', 'tokenizer.json'])
    const judge = await create('local', lm)
    const run = await callerFor(researcher).judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    vi.stubEnv('REWARDLAB_MODEL_ROOTS', outside)
    const job = await runHere('JUDGE_RUN', run.jobId, judgeRunTask)
    expect(job.status).toBe('FAILED')
    expect(job.error).toMatch(/is outside the model folders/)
  })
})
