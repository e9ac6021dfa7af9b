// AI judge runs end to end on real PostgreSQL against a real local OpenAI-compatible HTTP server
// (tests/support/fake-openai-server.ts: prefers the longer response with P = 0.8 from "1"/"2"
// log-probs): soft labels and verdicts stored, resumable without duplicates, retries on 429/5xx,
// a wrong key fails readably without leaking, hard labels without log-probs, cancellation keeps
// what was judged, the key never leaves the server, and the dashboard's numbers.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { db } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import { runJob } from '@/workers/run-job.ts'
import { judgeRunTask } from '@/workers/tasks/judge-run.ts'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.ts'
import { callerFor, makeUser } from './helpers.ts'

const KEY = 'sk-test-secret-key-123456'
let server: FakeOpenAI
let researcher: Actor

/** 16 pairs; the longer response is A on even i, B on odd i; two humans agree with the longer one
 *  except on pairs 0 and 1 (both humans pick the shorter one there). */
async function makeJudgedProject() {
  const project = await db.project.create({ data: { name: `judge-${Date.now()}-${Math.random()}`, createdById: researcher.id } })
  const annotators = [await makeUser('ANNOTATOR'), await makeUser('ANNOTATOR')]
  for (let i = 0; i < 16; i++) {
    const prompt = await db.prompt.create({ data: { projectId: project.id, text: `Question ${i}?`, contentHash: `q${i}` } })
    const long = `A long and careful answer number ${i} with detail.`
    const short = `Short ${i}.`
    const [a, b] = await Promise.all([i % 2 === 0 ? long : short, i % 2 === 0 ? short : long].map((text, k) =>
      db.response.create({ data: { promptId: prompt.id, text, contentHash: `r${i}${k}` } })))
    const pair = await db.pair.create({ data: { projectId: project.id, promptId: prompt.id, responseAId: a.id, responseBId: b.id, contentHash: `p${i}` } })
    const longer = i % 2 === 0 ? 'A' : 'B'
    const human = i < 2 ? (longer === 'A' ? 'B' : 'A') : longer
    for (const u of annotators) await db.label.create({ data: { pairId: pair.id, projectId: project.id, source: 'HUMAN', choice: human, raterKey: `user:${u.id}`, userId: u.id } })
  }
  return project
}

async function runHere(jobId: string, signal = new AbortController().signal) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } })
  if (job.queueJobId) await (await getBoss()).cancel(JOB_CONTRACT.JUDGE_RUN.queue, job.queueJobId)
  await runJob('JUDGE_RUN', { jobId }, signal, judgeRunTask, { retries: false })
  return db.job.findUniqueOrThrow({ where: { id: jobId } })
}

const openaiConfig = (extra: object = {}) => ({
  provider: { kind: 'openai', baseUrl: server.url, model: 'fake-judge' },
  rate: { concurrency: 4, requestsPerMinute: 60_000, maxRetries: 4, timeoutMs: 2000 },
  price: { pricePer1kPromptTokens: 0.5, pricePer1kCompletionTokens: 1.5 },
  ...extra,
})

beforeAll(async () => {
  server = await startFakeOpenAI({ apiKey: KEY })
  researcher = await makeUser('RESEARCHER')
})
afterAll(async () => {
  await server.close()
})

describe('a judge run against an OpenAI-compatible endpoint', () => {
  test('labels a sample with soft labels, then the rest without duplicates, and the dashboard adds up', async () => {
    const project = await makeJudgedProject()
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId: project.id, name: 'fake', config: openaiConfig(), apiKey: KEY })
    const sample = await api.judges.startRun({ judgeId: judge.id, scope: 'SAMPLE', sampleSize: 10 })
    const before = server.requests.length
    expect((await runHere(sample.jobId)).status).toBe('SUCCEEDED')
    // Order swap: two scoring calls per pair, each asking for 1 token with log-probs.
    expect(server.requests.length - before).toBe(20)
    expect(server.requests.at(-1)).toMatchObject({ max_tokens: 1, logprobs: true, top_logprobs: 20 })

    const labels = await db.label.findMany({ where: { raterKey: `judge:${judge.id}:v1` }, include: { verdict: true, pair: { include: { responseA: true, responseB: true } } } })
    expect(labels).toHaveLength(10)
    for (const l of labels) {
      const longerIsA = l.pair.responseA.text.length > l.pair.responseB.text.length
      // A first: P("1") = 0.8 if A is longer; B first: P("1") = 0.2 then. P(A) = (0.8 + (1 − 0.2)) / 2 = 0.8.
      expect(l.probability).toBeCloseTo(longerIsA ? 0.8 : 0.2, 6)
      expect(l.choice).toBe(longerIsA ? 'A' : 'B')
      expect(l.verdict).toMatchObject({ hard: false, configVersion: 1 })
      expect(l.verdict!.p1AB).toBeCloseTo(longerIsA ? 0.8 : 0.2, 6)
      expect(l.verdict!.p1BA).toBeCloseTo(longerIsA ? 0.2 : 0.8, 6)
      expect(l.verdict!.costUsd).toBeCloseTo((l.verdict!.promptTokens * 0.5 + l.verdict!.completionTokens * 1.5) / 1000, 9)
    }
    const run1 = await db.judgeRun.findUniqueOrThrow({ where: { jobId: sample.jobId } })
    expect(run1).toMatchObject({ pairsTotal: 10, pairsDone: 10, pairsFailed: 0, requests: 20, retries: 0 })
    expect(run1.promptTokens).toBeGreaterThan(0)

    // ALL: the 10 already judged by this version are skipped.
    const all = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    const mid = server.requests.length
    expect((await runHere(all.jobId)).status).toBe('SUCCEEDED')
    expect(server.requests.length - mid).toBe(12)
    expect(await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })).toBe(16)
    expect(await db.judgeRun.findUniqueOrThrow({ where: { jobId: all.jobId } })).toMatchObject({ pairsTotal: 16, pairsDone: 16 })

    // Humans agree with the longer answer on 14 of 16 pairs, the judge on all: alignment 14/16.
    const dash = await api.judges.dashboard({ projectId: project.id, raterKey: `judge:${judge.id}:v1` })
    expect(dash.headline).toMatchObject({ pairs: 16, agree: 14, answered: 16 })
    expect(dash.headline.rate).toBeCloseTo(14 / 16, 9)
    expect(dash.confusion).toEqual([[7, 1, 0], [1, 7, 0], [0, 0, 0]])
    // Both orders agree on the response every time: never the same position twice.
    expect(dash.positionBias).toMatchObject({ pairs: 16, samePositionRate: 0, consistentRate: 1 })
    expect(dash.positionBias.meanP1).toBeCloseTo(0.5, 9)
    expect(dash.disagreements.map((d) => d.humanVotes.length)).toEqual([2, 2])
    expect(dash.cost.labels).toBe(16)
    expect(dash.cost.perLabelUsd).toBeGreaterThan(0)
    expect(dash.calibration.n).toBe(16)
  })

  test('429s and 500s are retried with backoff; the run still labels every pair once', async () => {
    const project = await makeJudgedProject()
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId: project.id, name: 'flaky', config: openaiConfig({ rate: { concurrency: 2, requestsPerMinute: 60_000, maxRetries: 4, timeoutMs: 300 } }), apiKey: KEY })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'SAMPLE', sampleSize: 4 })
    server.failNext(2, 429)
    server.failNext(1, 500)
    server.failNext(1, 'timeout')
    expect((await runHere(run.jobId)).status).toBe('SUCCEEDED')
    const row = await db.judgeRun.findUniqueOrThrow({ where: { jobId: run.jobId } })
    expect(row).toMatchObject({ pairsDone: 4, pairsFailed: 0 })
    expect(row.retries).toBe(4)
    expect(await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })).toBe(4)
  })

  test('a wrong API key fails the run with a readable error that does not contain the key', async () => {
    const project = await makeJudgedProject()
    const api = callerFor(researcher)
    const wrong = 'sk-wrong-key-987654321'
    const judge = await api.judges.create({ projectId: project.id, name: 'wrong key', config: openaiConfig(), apiKey: wrong })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    const job = await runHere(run.jobId)
    expect(job.status).toBe('FAILED')
    expect(job.error).toMatch(/401/)
    expect(job.error).not.toContain(wrong)
    const logs = await db.jobLog.findMany({ where: { jobId: run.jobId } })
    expect(logs.map((l) => l.message).join('\n')).not.toContain(wrong)
    expect(await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })).toBe(0)
  })

  test('the API key is stored encrypted and never returned; editing the config bumps the version', async () => {
    const project = await makeJudgedProject()
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId: project.id, name: 'secret', config: openaiConfig(), apiKey: KEY })
    const row = await db.judge.findUniqueOrThrow({ where: { id: judge.id } })
    expect(row.apiKeyCipher).toBeTruthy()
    expect(row.apiKeyCipher).not.toContain(KEY)
    for (const view of [judge, await api.judges.get({ judgeId: judge.id }), await api.judges.list({ projectId: project.id })]) {
      expect(JSON.stringify(view)).not.toContain(KEY)
    }
    expect((await api.judges.get({ judgeId: judge.id })).hasApiKey).toBe(true)
    const audit = await db.auditLog.findMany({ where: { entityId: judge.id } })
    expect(JSON.stringify(audit)).not.toContain(KEY)
    const edited = await api.judges.update({ judgeId: judge.id, config: openaiConfig({ prompt: { chainOfThought: true } }), apiKey: null })
    expect(edited).toMatchObject({ version: 2, hasApiKey: false })
    expect(edited.config.prompt.chainOfThought).toBe(true)
    // A config with the key pasted in is refused, not stored.
    await expect(api.judges.create({ projectId: project.id, name: 'pasted', config: { provider: { kind: 'openai', baseUrl: server.url, model: 'm', apiKey: KEY } } })).rejects.toThrow(/Invalid judge configuration/)
    await expect(api.judges.create({ projectId: project.id, name: 'secret', config: openaiConfig() })).rejects.toThrow(/already has a judge named/)
  })

  test('cancelling a run stops it and keeps the pairs judged so far', async () => {
    const project = await makeJudgedProject()
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId: project.id, name: 'slow', config: openaiConfig({ rate: { concurrency: 1, requestsPerMinute: 60_000, maxRetries: 0, timeoutMs: 5000 } }), apiKey: KEY })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    // Cancelled at a point of the run, not after a time: when the 3rd pair's two requests (5th and
    // 6th) have reached the endpoint, pairs 1 and 2 are judged (one pair at a time) and the 3rd is
    // in flight. The latency keeps the 3rd from being answered before the cancel lands.
    server.setLatency(60)
    // What the worker sees of a user's cancel: the request on the row, then pg-boss aborting the claim.
    const claim = new AbortController()
    void server.whenRequests(server.requests.length + 6).then(async () => {
      await cancelJob(researcher, run.jobId)
      claim.abort(new Error('job is no longer active under this worker\'s claim'))
    })
    try {
      expect((await runHere(run.jobId, claim.signal)).status).toBe('CANCELLED')
    } finally {
      server.setLatency(0)
    }
    const judged = await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })
    expect(judged).toBeGreaterThanOrEqual(2)
    expect(judged).toBeLessThan(16)
    expect((await db.judgeRun.findUniqueOrThrow({ where: { jobId: run.jobId } })).pairsDone).toBe(judged)
  })
})

test('a run that crashes part-way resumes on its retry without duplicate labels', async () => {
  const project = await makeJudgedProject()
  const api = callerFor(researcher)
  const judge = await api.judges.create({ projectId: project.id, name: 'crashy', config: openaiConfig({ rate: { concurrency: 1, requestsPerMinute: 60_000, maxRetries: 0, timeoutMs: 2000 } }), apiKey: KEY })
  const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
  const job = await db.job.findUniqueOrThrow({ where: { id: run.jobId } })
  await (await getBoss()).cancel(JOB_CONTRACT.JUDGE_RUN.queue, job.queueJobId!)
  // The 9th request fails with no retries left: pairs 1-4 are stored, then the attempt fails and is re-queued.
  const start = server.requests.length
  const fail = setInterval(() => { if (server.requests.length >= start + 8) { server.failNext(1, 500); clearInterval(fail) } }, 1)
  await runJob('JUDGE_RUN', { jobId: run.jobId }, new AbortController().signal, judgeRunTask) // retries allowed
  clearInterval(fail)
  const requeued = await db.job.findUniqueOrThrow({ where: { id: run.jobId } })
  expect(requeued).toMatchObject({ status: 'QUEUED', retries: 1, stopReason: 'ERROR' })
  expect(requeued.phase).toMatch(/^retrying after: .*500/)
  expect(requeued.queueJobId).not.toBe(job.queueJobId) // a fresh message, sent with the row's change
  await (await getBoss()).cancel(JOB_CONTRACT.JUDGE_RUN.queue, requeued.queueJobId!) // run here, not in a worker
  const before = await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })
  expect(before).toBeGreaterThan(0)
  expect(before).toBeLessThan(16)
  expect((await runHere(run.jobId)).status).toBe('SUCCEEDED')
  expect(await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })).toBe(16)
  expect(await db.judgeRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ pairsTotal: 16, pairsDone: 16 })
})

describe('storing judged labels', () => {
  /** Makes the writer's transactions (the ones that set synchronous_commit) fail `times` times; others pass. */
  function failLabelWrites(times: number) {
    const original = db.$transaction.bind(db)
    let left = times
    return vi.spyOn(db, '$transaction').mockImplementation(((arg: unknown, ...rest: unknown[]) => {
      if (typeof arg === 'function' && String(arg).includes('synchronous_commit') && left-- > 0) return Promise.reject(new Error('Connection terminated unexpectedly'))
      return (original as (...a: unknown[]) => unknown)(arg, ...rest)
    }) as typeof db.$transaction)
  }

  test('a failed write of judged labels is tried again: every label is stored', async () => {
    const project = await makeJudgedProject()
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId: project.id, name: 'flaky-db', config: openaiConfig(), apiKey: KEY })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    const spy = failLabelWrites(2)
    try {
      expect((await runHere(run.jobId)).status).toBe('SUCCEEDED')
    } finally {
      spy.mockRestore()
    }
    expect(await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })).toBe(16)
  })

  test('labels that cannot be stored fail the run loudly, never silently', async () => {
    const project = await makeJudgedProject()
    const api = callerFor(researcher)
    const judge = await api.judges.create({ projectId: project.id, name: 'dead-db', config: openaiConfig(), apiKey: KEY })
    const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
    const spy = failLabelWrites(1_000)
    let ended
    try {
      ended = await runHere(run.jobId)
    } finally {
      spy.mockRestore()
    }
    expect(ended.status).toBe('FAILED')
    expect(ended.error).toMatch(/Connection terminated unexpectedly/)
    const log = await db.jobLog.findFirst({ where: { jobId: run.jobId, level: 'ERROR' } })
    expect(log?.message).toMatch(/^\d+ judged pairs could not be stored \(Connection terminated unexpectedly\); a retry of this run judges them again$/)
    expect(await db.label.count({ where: { raterKey: `judge:${judge.id}:v1` } })).toBe(0)
  }, 60_000)
})

test('d-RLAIF rating mode stores both ratings in [-1, 1] and P(A) = 0.5 + (rA - rB) / 4', async () => {
  const project = await makeJudgedProject()
  const api = callerFor(researcher)
  const judge = await api.judges.create({ projectId: project.id, name: 'rater', config: openaiConfig({ prompt: { mode: 'rating' } }), apiKey: KEY })
  const run = await api.judges.startRun({ judgeId: judge.id, scope: 'SAMPLE', sampleSize: 4 })
  expect((await runHere(run.jobId)).status).toBe('SUCCEEDED')
  const labels = await db.label.findMany({ where: { raterKey: `judge:${judge.id}:v1` }, include: { verdict: true, pair: { include: { responseA: true, responseB: true } } } })
  expect(labels).toHaveLength(4)
  for (const l of labels) {
    const { ratingA, ratingB } = l.verdict!
    expect(Math.abs(ratingA!)).toBeLessThanOrEqual(1)
    expect(Math.abs(ratingB!)).toBeLessThanOrEqual(1)
    expect(l.probability).toBeCloseTo(Math.min(1, Math.max(0, 0.5 + (ratingA! - ratingB!) / 4)), 9)
    // The fake rates the longer response higher, so the label follows the longer one.
    expect(l.choice).toBe(l.pair.responseA.text.length > l.pair.responseB.text.length ? 'A' : 'B')
  }
})

test('chain of thought: a rationale per order is generated first, then scored, and kept on the label', async () => {
  const project = await makeJudgedProject()
  const api = callerFor(researcher)
  const judge = await api.judges.create({ projectId: project.id, name: 'cot', config: openaiConfig({ prompt: { chainOfThought: true, fewShot: 2 } }), apiKey: KEY })
  const run = await api.judges.startRun({ judgeId: judge.id, scope: 'SAMPLE', sampleSize: 2 })
  const before = server.requests.length
  expect((await runHere(run.jobId)).status).toBe('SUCCEEDED')
  // Per pair and order: one rationale generation (maxTokens 256), then one scoring call (1 token).
  const calls = server.requests.slice(before)
  expect(calls).toHaveLength(8)
  expect(calls.filter((c) => c.max_tokens === 256)).toHaveLength(4)
  expect(calls.filter((c) => c.max_tokens === 1)).toHaveLength(4)
  // Few-shot exemplars come from the project's human-labelled pairs.
  expect(calls[0].messages.map((m) => m.content).join('\n')).toContain('Question 0?')
  const labels = await db.label.findMany({ where: { raterKey: `judge:${judge.id}:v1` } })
  for (const l of labels) expect(l.rationale).toMatch(/^\[AB\] .+\n\n\[BA\] .+/s)
})

describe('a judge without log-probabilities', () => {
  test('gives hard labels parsed from its answers, marked as hard', async () => {
    const plain = await startFakeOpenAI({ logprobs: false })
    try {
      const project = await makeJudgedProject()
      const api = callerFor(researcher)
      const judge = await api.judges.create({ projectId: project.id, name: 'plain', config: { ...openaiConfig(), provider: { kind: 'openai', baseUrl: plain.url, model: 'plain' } } })
      const run = await api.judges.startRun({ judgeId: judge.id, scope: 'SAMPLE', sampleSize: 3 })
      expect((await runHere(run.jobId)).status).toBe('SUCCEEDED')
      const labels = await db.label.findMany({ where: { raterKey: `judge:${judge.id}:v1` }, include: { verdict: true } })
      expect(labels).toHaveLength(3)
      for (const l of labels) {
        expect(l.verdict!.hard).toBe(true)
        expect([0, 1]).toContain(l.probability)
      }
      const dash = await api.judges.dashboard({ projectId: project.id, raterKey: `judge:${judge.id}:v1` })
      expect(dash.softLabels).toBe(0)
    } finally {
      await plain.close()
    }
  })
})
