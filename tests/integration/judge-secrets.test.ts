// Where a judge's key and requests may go, through the tRPC caller and real judge runs against fake
// OpenAI-compatible servers on 127.0.0.1: a stored key is cleared when the endpoint moves and never
// reaches a new host, a run queued for an old endpoint does not get the key entered for the new one,
// loopback and private hosts are refused unless allowed (REWARDLAB_JUDGE_ALLOWED_HOSTS, set to
// 127.0.0.1 by scripts/test.mjs) at save time and again in the worker, an internal service's error
// page never reaches the job error, and server keys (apiKeyRef) are resolved only for their origin.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { db } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { runJob } from '@/workers/run-job.ts'
import { judgeRunTask } from '@/workers/tasks/judge-run.ts'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

const KEY = 'sk-secret-entered-for-server-one'
let one: FakeOpenAI // needs KEY
let two: FakeOpenAI // needs no key: records whatever it is sent
let researcher: Actor
let projectId: string

const config = (baseUrl: string, extra: object = {}) => ({
  provider: { kind: 'openai', baseUrl, model: 'fake-judge', ...extra },
  rate: { concurrency: 1, requestsPerMinute: 60_000, maxRetries: 0, timeoutMs: 2000 },
})
const uniqueName = () => `judge ${Math.random().toString(36).slice(2, 8)}`

async function runHere(jobId: string) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } })
  if (job.queueJobId) await (await getBoss()).cancel(JOB_CONTRACT.JUDGE_RUN.queue, job.queueJobId)
  await runJob('JUDGE_RUN', { jobId }, new AbortController().signal, judgeRunTask, { retries: false })
  return db.job.findUniqueOrThrow({ where: { id: jobId } })
}
const lastAudit = async (judgeId: string) => (await db.auditLog.findFirstOrThrow({ where: { entityId: judgeId }, orderBy: { createdAt: 'desc' } })).detail

beforeAll(async () => {
  one = await startFakeOpenAI({ apiKey: KEY })
  two = await startFakeOpenAI()
  researcher = await makeUser('RESEARCHER')
  projectId = (await makeProject({ owner: researcher, pairs: 2 })).id
})
afterAll(async () => {
  await one.close()
  await two.close()
})
afterEach(() => vi.unstubAllEnvs())

describe('a stored key belongs to its endpoint', () => {
  test('moving the base URL to another origin clears the key; the next run sends no Authorization to the new host', async () => {
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId, name: uniqueName(), config: config(one.url), apiKey: KEY })
    const moved = await api.judges.update({ judgeId: judge.id, config: config(two.url) })
    expect(moved.hasApiKey).toBe(false)
    expect(await db.judge.findUniqueOrThrow({ where: { id: judge.id } })).toMatchObject({ apiKeyCipher: null })
    expect(await lastAudit(judge.id)).toMatchObject({ apiKey: 'cleared: the endpoint changed' })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    const before = two.authorizations.length
    expect((await runHere(run.jobId)).status).toBe('SUCCEEDED')
    const sent = two.authorizations.slice(before)
    expect(sent.length).toBe(4)
    expect(sent.every((a) => a === undefined)).toBe(true)
  })

  test('the same origin keeps the key; a new key given with the move is stored; moving to a local model clears it', async () => {
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId, name: uniqueName(), config: config(one.url), apiKey: KEY })
    expect((await api.judges.update({ judgeId: judge.id, config: config(one.url.replace('/v1', '/v1/')) })).hasApiKey).toBe(true)
    expect((await api.judges.update({ judgeId: judge.id, config: config(one.url, { model: 'other' }) })).hasApiKey).toBe(true)
    expect((await api.judges.update({ judgeId: judge.id, config: config(two.url), apiKey: 'sk-new-for-two' })).hasApiKey).toBe(true)
    expect(await lastAudit(judge.id)).toMatchObject({ apiKey: 'set' })
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'judge-secrets-'))
    try {
      fs.mkdirSync(path.join(root, 'lm'))
      for (const f of ['model.onnx', 'tokenizer.json']) fs.writeFileSync(path.join(root, 'lm', f), '')
      vi.stubEnv('REWARDLAB_MODEL_ROOTS', root)
      const local = await api.judges.update({ judgeId: judge.id, config: { provider: { kind: 'onnx', modelDir: path.join(root, 'lm') } } })
      expect(local.hasApiKey).toBe(false)
      expect(await lastAudit(judge.id)).toMatchObject({ apiKey: 'cleared: the endpoint changed' })
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })

  test('a run queued for the old endpoint does not get the key entered for the new one', async () => {
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId, name: uniqueName(), config: config(one.url), apiKey: KEY })
    await api.judges.update({ judgeId: judge.id, config: config(two.url) })
    const queued = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' }) // carries two's URL
    // Someone moves the judge back and enters the key again, while that run still waits.
    await api.judges.update({ judgeId: judge.id, config: config(one.url), apiKey: KEY })
    const before = two.authorizations.length
    const job = await runHere(queued.jobId)
    expect(job.status).toBe('FAILED')
    expect(job.error).toMatch(/key is not sent to the old one/)
    expect(two.authorizations.slice(before)).toEqual([])
  })
})

describe('private and loopback endpoints', () => {
  test('refused when saving without an allowed-hosts entry, with a clear reason', async () => {
    vi.stubEnv('REWARDLAB_JUDGE_ALLOWED_HOSTS', '')
    const api = callerFor(researcher)
    await expect(api.judges.create({ projectId, name: uniqueName(), config: config(one.url) })).rejects.toThrow(/127\.0\.0\.1:\d+ is a loopback address.*REWARDLAB_JUDGE_ALLOWED_HOSTS/)
    await expect(api.judges.create({ projectId, name: uniqueName(), config: config('http://169.254.169.254/latest') })).rejects.toThrow(/link-local address/)
    await expect(api.judges.create({ projectId, name: uniqueName(), config: config('http://[::ffff:10.0.0.1]:8000/v1') })).rejects.toThrow(/private address/)
    // host:port allows that port only
    vi.stubEnv('REWARDLAB_JUDGE_ALLOWED_HOSTS', new URL(one.url).host)
    await api.judges.create({ projectId, name: uniqueName(), config: config(one.url) })
    await expect(api.judges.create({ projectId, name: uniqueName(), config: config(two.url) })).rejects.toThrow(/loopback address/)
  })

  test('refused again by the worker when the setting changed since the judge was saved', async () => {
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId, name: uniqueName(), config: config(two.url) })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    vi.stubEnv('REWARDLAB_JUDGE_ALLOWED_HOSTS', '')
    const before = two.authorizations.length
    const job = await runHere(run.jobId)
    expect(job.status).toBe('FAILED')
    expect(job.error).toMatch(/refused: 127\.0\.0\.1:\d+ is a loopback address/)
    expect(two.authorizations.length).toBe(before)
  })

  test("an internal service's error page never reaches the job error", async () => {
    const page = '<html><title>Admin</title><body>internal-only: db password hunter2</body></html>'
    const internal = http.createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end(page))
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r))
    try {
      const api = callerFor(researcher)
      const judge = await api.judges.create({ projectId, name: uniqueName(), config: config(`http://127.0.0.1:${(internal.address() as AddressInfo).port}/v1`) })
      const job = await runHere((await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })).jobId)
      expect(job.status).toBe('FAILED')
      expect(job.error).toContain(`HTTP 500 (non-JSON body of ${page.length} bytes)`)
      expect(job.error).not.toContain('hunter2')
      const logs = await db.jobLog.findMany({ where: { jobId: job.id } })
      expect(logs.map((l) => l.message).join('\n')).not.toContain('hunter2')
    } finally {
      internal.closeAllConnections()
      await new Promise((r) => internal.close(r))
    }
  })
})

describe('server keys (apiKeyRef)', () => {
  const bindToOne = () => {
    vi.stubEnv('REWARDLAB_JUDGE_KEY_FAKE_ONE', KEY)
    vi.stubEnv('REWARDLAB_JUDGE_KEY_FAKE_ONE_URL', new URL(one.url).origin)
  }

  test('a judge naming a server key gets it in the worker, for its bound origin; the list shows no value', async () => {
    bindToOne()
    const api = callerFor(researcher)
    const refs = await api.judges.keyRefs()
    expect(refs).toContainEqual({ name: 'FAKE_ONE', origin: new URL(one.url).origin })
    expect(JSON.stringify(refs)).not.toContain(KEY)
    const judge = await api.judges.create({ projectId, name: uniqueName(), config: config(one.url, { apiKeyRef: 'REWARDLAB_JUDGE_KEY_FAKE_ONE' }) })
    expect(judge.config.provider).toMatchObject({ apiKeyRef: 'FAKE_ONE' })
    expect(judge.hasApiKey).toBe(false)
    const job = await runHere((await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })).jobId)
    expect(job.status).toBe('SUCCEEDED')
  })

  test('no other variable can be named, a key is refused for another origin, and one key source per judge', async () => {
    bindToOne()
    const api = callerFor(researcher)
    for (const ref of ['AUTH_SECRET', 'DATABASE_URL', 'REWARDLAB_JUDGE_KEY_NOPE']) {
      await expect(api.judges.create({ projectId, name: uniqueName(), config: config(two.url, { apiKeyRef: ref }) })).rejects.toThrow(/no server key|not a server key name/)
    }
    await expect(api.judges.create({ projectId, name: uniqueName(), config: config(two.url, { apiKeyRef: 'FAKE_ONE' }) })).rejects.toThrow(/may be sent only to http:\/\/127\.0\.0\.1:\d+, not to/)
    await expect(api.judges.create({ projectId, name: uniqueName(), config: config(one.url, { apiKeyRef: 'FAKE_ONE' }), apiKey: 'sk-x' })).rejects.toThrow(/not both/)
    const stored = await api.judges.create({ projectId, name: uniqueName(), config: config(one.url), apiKey: KEY })
    const switched = await api.judges.update({ judgeId: stored.id, config: config(one.url, { apiKeyRef: 'FAKE_ONE' }) })
    expect(switched.hasApiKey).toBe(false)
    await expect(api.judges.update({ judgeId: stored.id, apiKey: 'sk-again' })).rejects.toThrow(/uses the server key FAKE_ONE/)
  })

  test('the worker refuses to send a server key whose binding no longer matches', async () => {
    bindToOne()
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId, name: uniqueName(), config: config(one.url, { apiKeyRef: 'FAKE_ONE' }) })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    vi.stubEnv('REWARDLAB_JUDGE_KEY_FAKE_ONE_URL', 'https://api.openai.com')
    const before = one.authorizations.length
    const job = await runHere(run.jobId)
    expect(job.status).toBe('FAILED')
    expect(job.error).toMatch(/may be sent only to https:\/\/api\.openai\.com/)
    expect(job.error).not.toContain(KEY)
    expect(one.authorizations.length).toBe(before)
  })
})
