// The reward-model and job API through tRPC callers: training creates the rows, the jobs and their
// pg-boss messages together, with the config's defaults; list / get / progress shapes; cancelling a
// queued job; scoring all pairs and the playground on ONE tiny model trained here (pretrain → train →
// export on CPU, ~1–2 min, shared by every test); annotators are refused everywhere.
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { JobKind } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { stopScoringThread } from '@/server/services/scoring/score-texts.ts'
import { runJob, type Task } from '@/workers/run-job.ts'
import { pretrainTask } from '@/workers/tasks/pretrain-lm.ts'
import { scorePairsTask } from '@/workers/tasks/score-pairs.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { trainerDefault } from '@/server/services/reward-models/trainer-settings.ts'
import { callerFor, makeUser } from './helpers.ts'
import { FAST_TRAINER, makeSeparableProject } from './rm-fixtures.ts'

const never = new AbortController().signal
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

/** Runs a job here, as the worker would; its pg-boss message is cancelled first so that a worker
 * running elsewhere on the same database cannot pick the job up at the same time. */
async function runHere(kind: JobKind, jobId: string, task: Task) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } })
  if (job.queueJobId) await (await getBoss()).cancel(JOB_CONTRACT[kind].queue, job.queueJobId)
  await runJob(kind, { jobId }, never, task, { retries: false })
  return db.job.findUniqueOrThrow({ where: { id: jobId } })
}

async function codeOf(p: Promise<unknown>) {
  try {
    await p
    return 'OK'
  } catch (e) {
    if (e instanceof TRPCError) return e.code
    throw e
  }
}

async function queueState(jobId: string) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } })
  const rows = await db.$queryRaw<{ state: string; data: { jobId: string } }[]>`SELECT state::text AS state, data FROM pgboss.job WHERE id = ${job.queueJobId}::uuid`
  return rows[0]
}

let researcher: Actor
let annotator: Actor
let projectId: string
let rm: { id: string; jobId: string }

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  annotator = await makeUser('ANNOTATOR')
  const project = await makeSeparableProject(researcher, 240)
  projectId = project.id
  await db.projectMember.create({ data: { projectId, userId: annotator.id } })
  const created = await callerFor(researcher).rewardModels.train({
    projectId, config: { name: 'tiny separable', base: { source: 'BUILTIN', size: 'tiny' }, evalShare: 0.2, trainer: FAST_TRAINER },
  })
  rm = { id: created.id, jobId: created.jobId }
  const base = await db.baseModel.findUniqueOrThrow({ where: { id: created.baseModelId } })
  if (!base.path) expect((await runHere('PRETRAIN_LM', base.jobId!, pretrainTask)).status).toBe('SUCCEEDED')
  const job = await runHere('TRAIN_RM', rm.jobId, trainRmTask)
  expect(job.error).toBeNull()
  expect(job.status).toBe('SUCCEEDED')
}, 600_000)

afterAll(() => stopScoringThread())

describe('training', () => {
  test('trainer overrides are checked against the trainer\'s own settings: a typo, a wrong type or choice, a path are refused', async () => {
    const api = callerFor(researcher)
    const train = (trainer: Record<string, unknown>) => api.rewardModels.train({ projectId, config: { name: 'refused', trainer } as never })
    await expect(train({ 'train.learning_rat': 1e-3 })).rejects.toThrow(/\\?"train\.learning_rat\\?" is not a trainer setting that can be changed here/)
    await expect(train({ 'train.batch_size': 1.5 })).rejects.toThrow(/\\?"train\.batch_size\\?" must be a whole number/)
    await expect(train({ 'model.dtype': 'bf8' })).rejects.toThrow(/\\?"model\.dtype\\?" must be one of auto, float32, float64/)
    await expect(train({ 'train.compile': 1 })).rejects.toThrow(/\\?"train\.compile\\?" must be true or false/)
    await expect(train({ 'data.pairs': '/etc/passwd' })).rejects.toThrow(/\\?"data\.pairs\\?" is not a trainer setting that can be changed here/)
    expect(await db.rewardModel.count({ where: { projectId, name: 'refused' } })).toBe(0)
    const settings = await api.rewardModels.trainerSettings()
    expect(settings.seed.default).toBe(trainerDefault('seed'))
    expect(settings.overridable.find((s) => s.key === 'train.lr')).toMatchObject({ type: 'float', default: 3e-4 })
  })

  test('train with only a name: built-in small base and every default; RM row, jobs and pg-boss messages together', async () => {
    const api = callerFor(researcher)
    const created = await api.rewardModels.train({ projectId, config: { name: 'defaults only' } })
    const row = await db.rewardModel.findUniqueOrThrow({ where: { id: created.id }, include: { job: true, baseModel: { include: { job: true } } } })
    expect(row.config).toEqual({
      name: 'defaults only', sources: ['HUMAN'], humanShare: 1, evalShare: 0.1, ties: 'drop', seed: trainerDefault('seed'), // the trainer's own default (config.py)
      base: { source: 'BUILTIN', size: 'small' }, trainer: {}, scope: { importIds: [], labelsFromImports: false, slice: [0, 1] },
    })
    expect(row.baseModel).toMatchObject({ source: 'BUILTIN', ref: 'small' })
    expect(row.job).toMatchObject({ kind: 'TRAIN_RM', status: 'QUEUED', projectId, createdById: researcher.id })
    if (row.baseModel.path) expect(await queueState(row.jobId)).toEqual({ state: 'created', data: { jobId: row.jobId } })
    else {
      // The base model still pretrains: the training job waits, chained after it, with no message yet.
      expect(row.job).toMatchObject({ afterJobId: row.baseModel.jobId, queueJobId: null, phase: 'waiting for the base model to finish pretraining' })
      expect(await queueState(row.baseModel.jobId!)).toEqual({ state: 'created', data: { jobId: row.baseModel.jobId } })
    }
    const audit = await db.auditLog.findFirst({ where: { entityType: 'RewardModel', entityId: created.id } })
    expect(audit?.action).toBe('reward-model.train')

    // Nothing may run from this test: cancel the training and, if it queued one, the pretraining.
    const pretrain = row.baseModel.job
    expect(await api.jobs.cancel({ jobId: row.jobId })).toEqual({ status: 'CANCELLED' })
    if (pretrain?.status === 'QUEUED' && pretrain.createdById === researcher.id) {
      expect(pretrain.kind).toBe('PRETRAIN_LM')
      expect(await api.jobs.cancel({ jobId: pretrain.id })).toEqual({ status: 'CANCELLED' })
    }
    const job = await db.job.findUniqueOrThrow({ where: { id: row.jobId } })
    expect(job).toMatchObject({ status: 'CANCELLED' })
    expect(job.finishedAt).not.toBeNull()
    if (row.job.queueJobId) expect((await queueState(row.jobId)).state).toBe('cancelled')
    // Cancelling again changes nothing.
    expect(await api.jobs.cancel({ jobId: row.jobId })).toEqual({ status: 'CANCELLED' })
  })

  test('trainer overrides: hyperparameters pass, paths and unknown keys are refused before anything is created', async () => {
    const api = callerFor(researcher)
    const before = await db.rewardModel.count({ where: { projectId } })
    for (const trainer of <Record<string, string | number>[]>[{ out_dir: '/tmp/elsewhere' }, { 'data.pairs': '/etc/passwd' }, { 'model.path': '/tmp' }, { 'pretrain.max_steps': 1 }, { 'train.lr.x': 1 }]) {
      expect(await codeOf(api.rewardModels.train({ projectId, config: { name: 'bad', base: { source: 'BUILTIN', size: 'tiny' }, trainer } }))).toBe('BAD_REQUEST')
    }
    expect(await codeOf(api.rewardModels.train({ projectId, config: { name: 'no folder', base: { source: 'HF_FOLDER', path: '/no/such/folder' } } }))).toBe('BAD_REQUEST')
    expect(await db.rewardModel.count({ where: { projectId } })).toBe(before)
  })
})

describe('reading', () => {
  test('list: status, progress, base model, settings and headline metrics', async () => {
    const list = await callerFor(researcher).rewardModels.list({ projectId })
    const item = list.find((r) => r.id === rm.id)!
    expect(item).toMatchObject({
      name: 'tiny separable', exported: true,
      job: { status: 'SUCCEEDED', progress: 1 },
      baseModel: { source: 'BUILTIN', ref: 'tiny', ready: true },
      config: { sources: ['HUMAN'], humanShare: 1, evalShare: 0.2 },
    })
    expect(item.headline['eval/accuracy']).toBeGreaterThan(0.75)
    expect(item.headline['eval/ece']).toBeGreaterThanOrEqual(0)
    expect(item.headline.train_tokens_per_second).toBeGreaterThan(0)
    expect(JSON.stringify(list)).not.toContain('/data/models') // server paths stay on the server
    // Newest first.
    expect(list.map((r) => +r.createdAt)).toEqual([...list.map((r) => +r.createdAt)].sort((a, b) => b - a))
  })

  test('get: config, summary, base model, job, histogram of held-out rewards', async () => {
    const got = await callerFor(researcher).rewardModels.get({ rewardModelId: rm.id })
    expect(got.config.trainer).toEqual(FAST_TRAINER)
    expect(got.headline['export/parity_max_abs_diff']).toBeLessThan(1e-4)
    expect(got.job).toMatchObject({ id: rm.jobId, kind: 'TRAIN_RM', status: 'SUCCEEDED' })
    expect(got.pretrainJob?.kind).toBe('PRETRAIN_LM')
    expect(got).toMatchObject({ pairCount: 240, scoredPairs: 0, scoreRun: null })
    const h = got.histogram!
    expect(h.step).toBe(FAST_TRAINER['train.max_steps'])
    expect(h.chosen.edges).toHaveLength(h.chosen.counts.length + 1)
    // Every held-out pair has a chosen and a rejected reward in the histogram.
    expect(h.chosen.counts.reduce((a, b) => a + b, 0)).toBe(h.rejected.counts.reduce((a, b) => a + b, 0))
    expect(JSON.stringify(got)).not.toContain('/data/models')
  })

  test('jobs.progress: the row, metric series and log lines, then only what is new', async () => {
    const api = callerFor(researcher)
    const first = await api.jobs.progress({ jobId: rm.jobId })
    expect(first.job).toMatchObject({ id: rm.jobId, status: 'SUCCEEDED', progress: 1, kind: 'TRAIN_RM' })
    expect(first.job.startedAt).toBeInstanceOf(Date)
    const loss = first.metrics['train/loss']
    expect(loss).toHaveLength(FAST_TRAINER['train.max_steps'])
    expect(loss[0]).toEqual([1, expect.any(Number)])
    expect(first.metrics['eval/accuracy'].map(([step]) => step)).toEqual([20, 40])
    expect(first.logs.some((l) => l.message.includes('training pairs'))).toBe(true)
    expect(first.more).toBe(false)

    const none = await api.jobs.progress({ jobId: rm.jobId, sinceMetricId: first.lastMetricId, sinceLogId: first.lastLogId })
    expect(none.metrics).toEqual({})
    expect(none.logs).toEqual([])
    expect(none.lastMetricId).toBe(first.lastMetricId)
    // Ids are global: the cursor is the id of this job's 6th-newest point and 2nd-newest line.
    const [metricCursor] = (await db.jobMetric.findMany({ where: { jobId: rm.jobId }, orderBy: { id: 'desc' }, take: 6 })).slice(-1)
    const [logCursor] = (await db.jobLog.findMany({ where: { jobId: rm.jobId }, orderBy: { id: 'desc' }, take: 2 })).slice(-1)
    const lastFive = await api.jobs.progress({ jobId: rm.jobId, sinceMetricId: Number(metricCursor.id), sinceLogId: Number(logCursor.id) })
    expect(Object.values(lastFive.metrics).flat()).toHaveLength(5)
    expect(lastFive.logs).toHaveLength(1)
    expect(await codeOf(api.jobs.progress({ jobId: 'no-such-job' }))).toBe('NOT_FOUND')
  })
})

describe('using the model', () => {
  test('playground: the polite answer wins, P(A) = σ(rA − rB); inputs are size-limited', async () => {
    const api = callerFor(researcher)
    const prompt = '\n\nHuman: tell me about apple river stone\n\nAssistant:'
    const polite = ' Thank you for asking, I am glad to help: garden paper window music light.'
    const rude = ' garden paper window music light whatever, go away.'
    const r = await api.rewardModels.playground({ rewardModelId: rm.id, prompt, responseA: polite, responseB: rude })
    expect(r.rewardA).toBeGreaterThan(r.rewardB)
    expect(r.probabilityA).toBeCloseTo(sigmoid(r.rewardA - r.rewardB), 6)
    const swapped = await api.rewardModels.playground({ rewardModelId: rm.id, prompt, responseA: rude, responseB: polite })
    expect(swapped.rewardA).toBeCloseTo(r.rewardB, 5)
    expect(swapped.probabilityA).toBeCloseTo(1 - r.probabilityA, 5)
    expect(await codeOf(api.rewardModels.playground({ rewardModelId: rm.id, prompt: 'x'.repeat(16_001), responseA: 'a', responseB: 'b' }))).toBe('BAD_REQUEST')
    expect(await codeOf(api.rewardModels.playground({ rewardModelId: rm.id, prompt, responseA: '', responseB: 'b' }))).toBe('BAD_REQUEST')
  })

  test('score all pairs: one run at a time, then pages of scores beside the human majority, and the accuracy', async () => {
    const api = callerFor(researcher)
    expect((await api.rewardModels.scores({ rewardModelId: rm.id, page: 1 })).total).toBe(0)
    const run = await api.rewardModels.startScoring({ rewardModelId: rm.id })
    expect((await queueState(run.jobId)).state).toBe('created')
    expect((await api.rewardModels.startScoring({ rewardModelId: rm.id })).id).toBe(run.id) // still queued: the same run
    expect((await runHere('SCORE_PAIRS', run.jobId, scorePairsTask)).status).toBe('SUCCEEDED')

    const got = await api.rewardModels.get({ rewardModelId: rm.id })
    expect(got).toMatchObject({ scoredPairs: 240, scoreRun: { id: run.id, pairsScored: 240, job: { status: 'SUCCEEDED' } } })
    const page1 = await api.rewardModels.scores({ rewardModelId: rm.id, page: 1 })
    expect(page1).toMatchObject({ page: 1, pageSize: 25, total: 240 })
    expect(page1.rows).toHaveLength(25)
    const row = page1.rows[0]
    expect(row.humanMajority === 'A' || row.humanMajority === 'B').toBe(true)
    expect(row.probabilityA).toBeCloseTo(sigmoid(row.scoreA - row.scoreB), 6)
    expect(row.agrees).toBe((row.scoreA > row.scoreB) === (row.humanMajority === 'A'))
    expect(page1.accuracy.all.pairs).toBe(240) // every fixture pair has one human label
    expect(page1.accuracy.all.accuracy).toBeGreaterThan(0.75)
    const heldOut = page1.accuracy.heldOut
    expect(heldOut.pairs).toBeGreaterThan(20)
    expect(heldOut.pairs).toBeLessThan(100)
    // The held-out pairs are the trainer's eval split: its last eval/accuracy is the same number.
    expect(heldOut.accuracy).toBeCloseTo(got.headline['eval/accuracy']!, 6)
    const page10 = await api.rewardModels.scores({ rewardModelId: rm.id, page: 10 })
    expect(page10.rows).toHaveLength(15)
    expect(page10.rows[0].ordinal).toBeGreaterThan(page1.rows.at(-1)!.ordinal)
  })

  test('compare: both configs, summaries and eval curves; a queued model has none and cannot score yet', async () => {
    const api = callerFor(researcher)
    const twin = await api.rewardModels.train({ projectId, config: { name: 'queued twin', base: { source: 'BUILTIN', size: 'tiny' }, seed: 7, ties: 'half' } })
    try {
      const c = await api.rewardModels.compare({ a: rm.id, b: twin.id })
      expect(c.a).toMatchObject({ id: rm.id, config: { seed: trainerDefault('seed') }, job: { status: 'SUCCEEDED' } })
      expect(c.b).toMatchObject({ id: twin.id, config: { seed: 7, ties: 'half' }, job: { status: 'QUEUED' }, exported: false })
      expect(c.a.curves['eval/accuracy'].map((p) => p.step)).toEqual([20, 40])
      expect(c.a.curves['eval/loss']).toHaveLength(2)
      expect(c.a.headline['eval/accuracy']).toBe(c.a.curves['eval/accuracy'][1].value)
      expect(c.b.curves).toEqual({ 'eval/accuracy': [], 'eval/loss': [] })
      expect(await codeOf(api.rewardModels.startScoring({ rewardModelId: twin.id }))).toBe('CONFLICT')
      expect(await codeOf(api.rewardModels.playground({ rewardModelId: twin.id, prompt: 'p', responseA: 'a', responseB: 'b' }))).toBe('CONFLICT')
    } finally {
      expect(await api.jobs.cancel({ jobId: twin.jobId })).toEqual({ status: 'CANCELLED' })
    }
    const other = await makeSeparableProject(researcher, 2)
    const { baseModelId } = await db.rewardModel.findUniqueOrThrow({ where: { id: rm.id } })
    const job = await db.job.create({ data: { kind: 'TRAIN_RM', status: 'CANCELLED', createdById: researcher.id, projectId: other.id } })
    const foreign = await db.rewardModel.create({ data: { projectId: other.id, name: 'elsewhere', baseModelId, jobId: job.id, config: {}, createdById: researcher.id } })
    expect(await codeOf(api.rewardModels.compare({ a: rm.id, b: foreign.id }))).toBe('BAD_REQUEST')
  })

  test('base models: the built-in tiny GPT is ready', async () => {
    const bases = await callerFor(researcher).rewardModels.baseModels()
    expect(bases.find((b) => b.source === 'BUILTIN' && b.ref === 'tiny')).toMatchObject({ status: 'READY' })
    expect(JSON.stringify(bases)).not.toContain('"path"')
  })

  test('base models: a built-in one whose folder was deleted by hand is MISSING, not READY', async () => {
    const job = await db.job.create({ data: { kind: 'PRETRAIN_LM', status: 'SUCCEEDED', createdById: researcher.id, finishedAt: new Date() } })
    const gone = await db.baseModel.create({ data: { name: 'built-in tiny GPT (old recipe)', source: 'BUILTIN', ref: 'tiny', path: '/no/such/pretrained-folder', configHash: `gone-${job.id}`, jobId: job.id, createdById: researcher.id } })
    const bases = await callerFor(researcher).rewardModels.baseModels()
    expect(bases.find((b) => b.id === gone.id)).toMatchObject({ status: 'MISSING' })
  })
})

describe('access', () => {
  test('annotators are refused by every reward-model and job procedure, even as project members', async () => {
    const api = callerFor(annotator)
    const calls: [string, () => Promise<unknown>][] = [
      ['list', () => api.rewardModels.list({ projectId })],
      ['get', () => api.rewardModels.get({ rewardModelId: rm.id })],
      ['train', () => api.rewardModels.train({ projectId, config: { name: 'sneaky', base: { source: 'BUILTIN', size: 'tiny' } } })],
      ['startScoring', () => api.rewardModels.startScoring({ rewardModelId: rm.id })],
      ['scores', () => api.rewardModels.scores({ rewardModelId: rm.id, page: 1 })],
      ['playground', () => api.rewardModels.playground({ rewardModelId: rm.id, prompt: 'p', responseA: 'a', responseB: 'b' })],
      ['compare', () => api.rewardModels.compare({ a: rm.id, b: rm.id })],
      ['baseModels', () => api.rewardModels.baseModels()],
      ['jobs.progress', () => api.jobs.progress({ jobId: rm.jobId })],
      ['jobs.cancel', () => api.jobs.cancel({ jobId: rm.jobId })],
    ]
    for (const [name, call] of calls) expect([name, await codeOf(call())]).toEqual([name, 'FORBIDDEN'])
    expect(await codeOf(callerFor(null).jobs.progress({ jobId: rm.jobId }))).toBe('UNAUTHORIZED')
  })

  test('the person who started a job may follow and cancel it without being staff', async () => {
    const job = await db.job.create({ data: { kind: 'IMPORT', createdById: annotator.id } })
    const api = callerFor(annotator)
    expect((await api.jobs.progress({ jobId: job.id })).job.status).toBe('QUEUED')
    expect(await api.jobs.cancel({ jobId: job.id })).toEqual({ status: 'CANCELLED' })
  })
})
