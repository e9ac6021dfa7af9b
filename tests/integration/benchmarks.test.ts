// Benchmark sets and the tidying of reward models, on ONE tiny model trained here: a hand-built set
// (10 pairs in 2 subsets with known lengths) evaluated through the real EVAL_RM job, the baselines
// checked exactly and the accuracy against the stored rewards (and those against the scorer);
// a repeat, or the run after a cancelled one, scores only what is missing; an uploaded file with a bad line (skipped, or refused all or
// nothing) through the upload route; a set copied from a project; the held-out split stored at
// training time; rename, download (the archive lists the ONNX files) and delete.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { POST as uploadBenchmark } from '@/app/api/benchmark-sets/route.ts'
import { GET as downloadModel } from '@/app/api/reward-models/[rewardModelId]/download/route.ts'
import { db } from '@/server/db/client.ts'
import type { JobKind } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { OVERALL, summariseBenchmark, wilson, type BenchmarkResults } from '@/server/lib/benchmark-stats.ts'
import { pairInputs } from '@/server/lib/dialogue-template.ts'
import { rewardModelDir } from '@/server/lib/paths.ts'
import { createBenchmarkUpload } from '@/server/services/benchmarks/create-benchmark-upload.ts'
import { scoreTexts, stopScoringThread } from '@/server/services/scoring/score-texts.ts'
import { runJob, type Task } from '@/workers/run-job.ts'
import { evalRmTask } from '@/workers/tasks/eval-rm.ts'
import { scorePairsTask } from '@/workers/tasks/score-pairs.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { ORIGIN, sessionCookie } from './auth-http.ts'
import { callerFor, makeUser } from './helpers.ts'
import { FAST_TRAINER, makeSeparableProject, pretrainTinyBase } from './rm-fixtures.ts'

const never = new AbortController().signal
const host = new URL(ORIGIN).host
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-bench-'))

/** Runs a job here, its pg-boss message cancelled first so that no worker elsewhere takes it too. */
async function runHere(kind: JobKind, jobId: string, task: Task) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } })
  if (job.queueJobId) await (await getBoss()).cancel(JOB_CONTRACT[kind].queue, job.queueJobId)
  await runJob(kind, { jobId }, never, task, { retries: false })
  return db.job.findUniqueOrThrow({ where: { id: jobId } })
}

/** A Wilson interval as stored: jsonb keeps 15-16 significant digits, so the ends compare to 12. */
const rate = (successes: number, n: number) => {
  const w = wilson(successes, n)
  return { value: w.value, low: expect.closeTo(w.low, 12), high: expect.closeTo(w.high, 12) }
}
/** Results with every number to 12 significant digits, for comparing what jsonb gave back. */
const rounded = (o: unknown) => JSON.parse(JSON.stringify(o, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)))

async function codeOf(p: Promise<unknown>) {
  try {
    await p
    return 'OK'
  } catch (e) {
    if (e instanceof TRPCError) return `${e.code}: ${e.message}`
    throw e
  }
}

let researcher: Actor
let annotator: Actor
let projectId: string
let rm: { id: string; jobId: string; name: string }

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  annotator = await makeUser('ANNOTATOR')
  projectId = (await makeSeparableProject(researcher, 80)).id
  await pretrainTinyBase(researcher, projectId)
  const created = await callerFor(researcher).rewardModels.train({
    projectId, config: { name: 'bench tiny', base: { source: 'BUILTIN', size: 'tiny' }, evalShare: 0.2, trainer: { ...FAST_TRAINER, 'train.max_steps': 10, 'train.eval_every': 10 } },
  })
  const job = await runHere('TRAIN_RM', created.jobId, trainRmTask)
  expect(job.error).toBeNull()
  rm = { id: created.id, jobId: created.jobId, name: created.name }
}, 600_000)

afterAll(async () => {
  await stopScoringThread()
  fs.rmSync(tmp, { recursive: true, force: true })
})

// Two subsets with lengths chosen by hand (chosen vs rejected, in characters):
//   math: longer ×4, equal ×1, shorter ×1 → "longer wins" 4.5 / 6 = 75%, "shorter wins" 25%
//   chat: longer ×1, shorter ×3          → "longer wins" 1 / 4 = 25%, "shorter wins" 75%
//   all:  5.5 / 10 = 55% and 45%
const HAND_BUILT = [
  ['math', 'Thank you for asking, I am glad to help: two.', 'go away.'],
  ['math', 'Thank you for asking, glad to help: four.', 'whatever.'],
  ['math', 'Thank you, I am glad to help: six.', 'no.'],
  ['math', 'Thank you for asking: eight.', 'nope.'],
  ['math', 'Thanks: ten', 'Wrong: nine'], // equal lengths (11 characters each)
  ['math', 'Twelve.', 'I refuse to answer that, go away now.'],
  ['chat', 'Thank you for asking, I am glad to help you today.', 'hi.'],
  ['chat', 'Glad to help!', 'whatever, I do not care about your question at all.'],
  ['chat', 'Thanks!', 'go away, I will not talk to you about that.'],
  ['chat', 'Sure.', 'no, that is a stupid thing to ask anybody.'],
].map(([subset, chosen, rejected], i) => ({ prompt: `\n\nHuman: question ${i}\n\nAssistant:`, chosen: ` ${chosen}`, rejected: ` ${rejected}`, subset }))

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
const body = (text: string) => Readable.from([Buffer.from(text)])

function uploadRequest(query: string, text: string, cookie: string) {
  const req = new Request(`${ORIGIN}/api/benchmark-sets?${query}`, {
    method: 'POST', headers: { host, origin: ORIGIN, cookie, 'content-type': 'application/octet-stream' }, body: text,
  })
  return uploadBenchmark(req, { params: Promise.resolve({}) })
}

function downloadRequest(rewardModelId: string, query: string, cookie: string) {
  const req = new Request(`${ORIGIN}/api/reward-models/${rewardModelId}/download?${query}`, { headers: { host, cookie } })
  return downloadModel(req, { params: Promise.resolve({ rewardModelId }) })
}

describe('a benchmark evaluation through the real job', () => {
  let setId: string
  let evaluationId: string

  test('the hand-built set: exact baselines per subset, accuracy as the stored rewards say, rewards as the scorer gives them', async () => {
    const pairsBefore = await db.pair.count()
    const set = await createBenchmarkUpload(researcher, { name: `hand-built ${Date.now()}`, format: 'JSONL_PAIRS', filename: 'hand.jsonl', body: body(jsonl(HAND_BUILT)) })
    setId = set.id
    expect(set).toMatchObject({ pairCount: 10, skipped: 0, source: 'UPLOAD', template: 'AS_IS' })
    expect(await db.pair.count()).toBe(pairsBefore) // nothing went into any project
    const api = callerFor(researcher)
    const ev = await api.benchmarks.evaluate({ rewardModelId: rm.id, setId })
    evaluationId = ev.id
    const job = await runHere('EVAL_RM', ev.jobId, evalRmTask)
    expect(job.error).toBeNull()
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: 1, kind: 'EVAL_RM', projectId })

    const [row] = await api.benchmarks.results({ rewardModelId: rm.id })
    const results = row.results!
    expect(row).toMatchObject({ pairsScored: 10, fromTrainingProject: false, set: { id: setId, pairCount: 10 } })
    const bySubset = Object.fromEntries([...results.subsets, results.overall].map((s) => [s.subset, s]))
    expect(Object.keys(bySubset)).toEqual(['chat', 'math', OVERALL])
    expect(bySubset.math).toMatchObject({ n: 6, lengthTies: 1, longer: rate(4.5, 6), shorter: rate(1.5, 6) })
    expect(bySubset.chat).toMatchObject({ n: 4, lengthTies: 0, longer: rate(1, 4), shorter: rate(3, 4) })
    expect(bySubset[OVERALL]).toMatchObject({ n: 10, longer: rate(5.5, 10), shorter: rate(4.5, 10) })
    expect([bySubset.math.longer.value, bySubset.chat.longer.value, bySubset[OVERALL].longer.value]).toEqual([0.75, 0.25, 0.55])

    // The accuracy is what the stored rewards say, and the rewards are the scorer's for prompt + response.
    const scores = await db.benchmarkScore.findMany({ where: { evaluationId }, include: { pair: true }, orderBy: { pair: { ordinal: 'asc' } } })
    expect(scores).toHaveLength(10)
    const credit = (s: { chosen: number; rejected: number }) => (s.chosen > s.rejected ? 1 : s.chosen === s.rejected ? 0.5 : 0)
    for (const name of ['math', 'chat']) {
      const own = scores.filter((s) => s.pair.subset === name)
      expect(bySubset[name].accuracy).toEqual(rate(own.reduce((n, s) => n + credit(s), 0), own.length))
    }
    expect(results.overall.accuracy.value).toBe(scores.reduce((n, s) => n + credit(s), 0) / 10)
    const direct = await scoreTexts((await db.rewardModel.findUniqueOrThrow({ where: { id: rm.id } })).outputDir!, HAND_BUILT.flatMap((p) => pairInputs('AS_IS', p)))
    // (float8 comes back from the driver with 15-16 significant digits: equal to 10 decimals.)
    expect(scores.flatMap((s) => [s.chosen, s.rejected])).toEqual(direct.map((r) => expect.closeTo(r, 10)))
  }, 120_000)

  test('a repeat scores only the pairs without rewards and gives the same results; the old job is replaced', async () => {
    const before = (await db.benchmarkEvaluation.findUniqueOrThrow({ where: { id: evaluationId } }))
    const keep = await db.benchmarkScore.findMany({ where: { evaluationId }, include: { pair: true } })
    await db.benchmarkScore.deleteMany({ where: { evaluationId, pair: { subset: 'chat' } } })
    const again = await callerFor(researcher).benchmarks.evaluate({ rewardModelId: rm.id, setId })
    expect(again.id).toBe(evaluationId)
    expect(again.jobId).not.toBe(before.jobId)
    expect(await db.job.findUnique({ where: { id: before.jobId } })).toBeNull()
    expect((await runHere('EVAL_RM', again.jobId, evalRmTask)).status).toBe('SUCCEEDED')
    const logs = (await db.jobLog.findMany({ where: { jobId: again.jobId } })).map((l) => l.message)
    expect(logs).toContain('6 of 10 pairs already have rewards; scoring the rest')
    expect(logs.some((l) => /^scored 4 pairs \(8 responses\)/.test(l))).toBe(true)
    const after = await db.benchmarkEvaluation.findUniqueOrThrow({ where: { id: evaluationId } })
    const now = await db.benchmarkScore.findMany({ where: { evaluationId }, include: { pair: true } })
    expect(rounded(after.results)).toEqual(rounded(summariseBenchmark(now.map((x) => ({ ...x.pair, chosen: x.chosen, rejected: x.rejected })))))
    // Rescored in a batch of another shape: the same rewards up to float rounding, the same baselines.
    for (const x of now) {
      const old = keep.find((k) => k.pairId === x.pairId)!
      expect(x.chosen).toBeCloseTo(old.chosen, 5)
      expect(x.rejected).toBeCloseTo(old.rejected, 5)
    }
    const [b, a] = [before.results, after.results] as BenchmarkResults[]
    expect(rounded(a.subsets.map((x) => [x.longer, x.shorter, x.accuracy.value]))).toEqual(rounded(b.subsets.map((x) => [x.longer, x.shorter, x.accuracy.value])))
  }, 120_000)

  test('a cancelled evaluation keeps the rewards it stored; the next one scores only the rest', async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ prompt: `\n\nHuman: q${i}\n\nAssistant:`, chosen: ` Thank you, glad to help ${i}.`, rejected: ` go away ${i}.`, subset: i % 2 ? 'odd' : 'even' }))
    const set = await createBenchmarkUpload(researcher, { name: `cancel me ${Date.now()}`, filename: 'many.jsonl', body: body(jsonl(many)) })
    const ev = await callerFor(researcher).benchmarks.evaluate({ rewardModelId: rm.id, setId: set.id })
    const job = await db.job.findUniqueOrThrow({ where: { id: ev.jobId } })
    await (await getBoss()).cancel(JOB_CONTRACT.EVAL_RM.queue, job.queueJobId!)
    // The user cancels once the first page (128 pairs) is stored: as jobs.cancel does, the row first, then the signal.
    const stop = new AbortController()
    const cancelAfterFirstPage: Task = (ctx) => evalRmTask({ ...ctx, emit: async (e) => {
      await ctx.emit(e)
      if (e.type === 'progress' && e.phase.startsWith('scored 128 ')) {
        await db.job.update({ where: { id: ctx.jobId }, data: { cancelRequestedAt: new Date(), cancelRequestedById: researcher.id } })
        stop.abort()
      }
    } })
    await runJob('EVAL_RM', { jobId: ev.jobId }, stop.signal, cancelAfterFirstPage, { retries: false })
    expect(await db.job.findUniqueOrThrow({ where: { id: ev.jobId } })).toMatchObject({ status: 'CANCELLED', stopReason: 'CANCELLED_BY_USER' })
    expect(await db.benchmarkScore.count({ where: { evaluationId: ev.id } })).toBe(128)
    expect((await db.benchmarkEvaluation.findUniqueOrThrow({ where: { id: ev.id } })).results).toBeNull()
    const again = await callerFor(researcher).benchmarks.evaluate({ rewardModelId: rm.id, setId: set.id })
    expect((await runHere('EVAL_RM', again.jobId, evalRmTask)).status).toBe('SUCCEEDED')
    const logs = (await db.jobLog.findMany({ where: { jobId: again.jobId } })).map((l) => l.message)
    expect(logs).toContain('128 of 300 pairs already have rewards; scoring the rest')
    expect((await db.benchmarkEvaluation.findUniqueOrThrow({ where: { id: ev.id } })).results).toMatchObject({ overall: { n: 300 }, subsets: [{ subset: 'even', n: 150 }, { subset: 'odd', n: 150 }] })
  }, 120_000)

  test('the compare view shows both models on the same sets', async () => {
    const copy = await copyOfModel('bench copy')
    const ev = await callerFor(researcher).benchmarks.evaluate({ rewardModelId: copy, setId })
    expect((await runHere('EVAL_RM', ev.jobId, evalRmTask)).status).toBe('SUCCEEDED')
    const cmp = await callerFor(researcher).rewardModels.compare({ a: rm.id, b: copy })
    const entry = cmp.benchmarks.find((b) => b.set.id === setId)!
    // The same export on the same set: the same numbers on both sides.
    expect(entry.a!.results).toEqual(entry.b!.results)
    expect(entry.a!.results!.overall.n).toBe(10)
  }, 120_000)
})

describe('benchmark files: the imports\' limits and line errors', () => {
  const good = (i: number) => ({ prompt: `q${i}`, chosen: `good ${i}`, rejected: `bad ${i}`, subset: 'easy' })
  const file = jsonl([good(1), good(2)]) + '{"prompt": "q3", "chosen": "same", "rejected": "same"}\n' + jsonl([good(4)])

  test('skip invalid: the valid pairs are stored, the bad line is counted and named on the set', async () => {
    const cookie = await sessionCookie(researcher.id, 0)
    const res = await uploadRequest(`name=skip-${Date.now()}&format=JSONL_PAIRS&mode=SKIP_INVALID&filename=b.jsonl`, file, cookie)
    expect(res.status).toBe(201)
    const json = await res.json()
    expect(json).toMatchObject({ pairCount: 3, skipped: 1, skippedReasons: [{ line: 3, reason: "line 3: 'chosen' and 'rejected' are identical" }] })
    const sets = await callerFor(researcher).benchmarks.list()
    expect(sets.find((s) => s.id === json.id)).toMatchObject({ subsets: [{ subset: 'easy', pairs: 3 }], skipped: 1, filename: 'b.jsonl' })
  })

  test('all or nothing: nothing is stored and the answer names the line; a set needs a preferred response; size limit', async () => {
    const cookie = await sessionCookie(researcher.id, 0)
    const name = `strict-${Date.now()}`
    const res = await uploadRequest(`name=${name}&format=JSONL_PAIRS&mode=ALL_OR_NOTHING&filename=b.jsonl`, file, cookie)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toBe("1 invalid line, so nothing was stored (all or nothing): line 3: 'chosen' and 'rejected' are identical")
    expect(await db.benchmarkSet.findUnique({ where: { name } })).toBeNull()
    const unlabelled = jsonl([{ prompt: 'p', response_a: 'a', response_b: 'b' }, { prompt: 'p', response_a: 'a', response_b: 'c', label: 'tie' }])
    const none = await uploadRequest(`name=${name}&format=JSONL_LABELLED&filename=u.jsonl`, unlabelled, cookie)
    expect((await none.json()).error).toMatch(/^The file has no usable pairs: line 1: it has no label: a benchmark pair needs a preferred response \(A or B\); line 2: its labels prefer neither/)
    process.env.REWARDLAB_MAX_UPLOAD_BYTES = '64'
    try {
      const big = await uploadRequest(`name=${name}&format=JSONL_PAIRS&filename=b.jsonl`, file, cookie)
      expect(big.status).toBe(413)
    } finally {
      delete process.env.REWARDLAB_MAX_UPLOAD_BYTES
    }
    const refused = await uploadRequest(`name=${name}&format=JSONL_PAIRS&filename=b.jsonl`, file, await sessionCookie(annotator.id, 0))
    expect(refused.status).toBe(403)
    expect(await db.benchmarkSet.findUnique({ where: { name } })).toBeNull()
  })

  test('a set from a project copies the pairs with a human majority, once: later labels do not change it', async () => {
    const api = callerFor(researcher)
    const name = `from project ${Date.now()}`
    const set = await api.benchmarks.createFromProject({ projectId, name })
    expect(set).toMatchObject({ source: 'PROJECT', sourceProjectId: projectId, pairCount: 80, skipped: 0 })
    const pair = await db.benchmarkPair.findFirstOrThrow({ where: { setId: set.id, ordinal: 0 } })
    const source = await db.pair.findUniqueOrThrow({ where: { id: pair.sourceRef! }, include: { responseA: true, responseB: true, labels: true } })
    expect(pair.chosen).toBe(source.labels[0].choice === 'A' ? source.responseA.text : source.responseB.text)
    expect(pair.chosenChars).toBe([...pair.chosen].length)
    expect(pair.subset).toBe('project pairs')
    // Two more human votes for the other side: the project's majority flips, the set keeps its copy.
    for (const k of [1, 2]) await db.label.create({ data: { pairId: source.id, projectId, source: 'HUMAN', choice: source.labels[0].choice === 'A' ? 'B' : 'A', raterKey: `ext:later-${k}` } })
    expect((await db.benchmarkPair.findFirstOrThrow({ where: { setId: set.id, ordinal: 0 } })).chosen).toBe(pair.chosen)
    expect(await codeOf(api.benchmarks.createFromProject({ projectId, name }))).toMatch(/^CONFLICT: A benchmark set named/)
    const [row] = (await api.benchmarks.results({ rewardModelId: rm.id })).filter((r) => r.set.id === set.id)
    expect(row).toBeUndefined() // not evaluated yet
    const ev = await api.benchmarks.evaluate({ rewardModelId: rm.id, setId: set.id })
    expect((await runHere('EVAL_RM', ev.jobId, evalRmTask)).status).toBe('SUCCEEDED')
    const mine = (await api.benchmarks.results({ rewardModelId: rm.id })).find((r) => r.set.id === set.id)!
    expect(mine).toMatchObject({ fromTrainingProject: true, pairsScored: 80 })
  }, 120_000)
})

describe('the held-out split is the one stored at training time', () => {
  test('the stored split is the pairs file\'s eval lines; pairs labelled later never join it', async () => {
    const file = path.join(rewardModelDir(rm.id), 'pairs.jsonl')
    const evalIds = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.split === 'eval').map((l) => l.pairId).sort()
    const stored = (await db.rewardModelHeldOutPair.findMany({ where: { rewardModelId: rm.id } })).map((r) => r.pairId).sort()
    expect(stored).toEqual(evalIds)
    expect(stored.length).toBeGreaterThan(0)
    // 40 more labelled pairs: with a 20% held-out share some would hash into a recomputed split.
    await addLabelledPairs(40)
    const run = await callerFor(researcher).rewardModels.startScoring({ rewardModelId: rm.id })
    expect((await runHere('SCORE_PAIRS', run.jobId, scorePairsTask)).status).toBe('SUCCEEDED')
    const page = await callerFor(researcher).rewardModels.scores({ rewardModelId: rm.id, page: 1 })
    expect(page.total).toBe(120)
    expect(page.heldOutSplit).toEqual({ source: 'stored', pairs: stored.length })
    // Every stored pair is scored and has an A/B majority; none of the 40 new ones counts.
    expect(page.accuracy.heldOut.pairs).toBe(stored.length)
    const all = await Promise.all([1, 2, 3, 4, 5].map((p) => callerFor(researcher).rewardModels.scores({ rewardModelId: rm.id, page: p })))
    const flagged = all.flatMap((p) => p.rows).filter((r) => r.heldOut).map((r) => r.pairId).sort()
    expect(flagged).toEqual(stored)
  }, 120_000)
})

/** Labelled pairs added to the project after training (one human label each, the polite answer preferred). */
async function addLabelledPairs(n: number) {
  for (let i = 0; i < n; i++) {
    const prompt = await db.prompt.create({ data: { projectId, text: `\n\nHuman: a later question ${i}\n\nAssistant:`, contentHash: `late-p${i}` } })
    const [a, b] = await Promise.all([' Thank you for asking, glad to help.', ' go away.'].map((text, j) => db.response.create({ data: { promptId: prompt.id, text, contentHash: `late-r${i}-${j}` } })))
    const pair = await db.pair.create({ data: { projectId, promptId: prompt.id, responseAId: a.id, responseBId: b.id, contentHash: `late-q${i}` } })
    await db.label.create({ data: { pairId: pair.id, projectId, source: 'HUMAN', choice: 'A', raterKey: 'ext:later' } })
  }
}

/** A second reward-model row with a copy of the trained folder as its own: deleting it removes only the copy. */
async function copyOfModel(name: string) {
  const src = await db.rewardModel.findUniqueOrThrow({ where: { id: rm.id } })
  const job = await db.job.create({ data: { kind: 'TRAIN_RM', status: 'SUCCEEDED', progress: 1, phase: 'done', createdById: researcher.id, projectId, finishedAt: new Date() } })
  const row = await db.rewardModel.create({ data: { projectId, name, baseModelId: src.baseModelId, jobId: job.id, config: src.config as object, createdById: researcher.id } })
  const dir = rewardModelDir(row.id)
  fs.cpSync(rewardModelDir(rm.id), dir, { recursive: true })
  const rel = (p: string) => path.join(dir, path.relative(rewardModelDir(rm.id), p))
  const summary = src.summary as { checkpointDir: string }
  await db.rewardModel.update({ where: { id: row.id }, data: { outputDir: rel(src.outputDir!), summary: { ...summary, checkpointDir: rel(summary.checkpointDir) } } })
  return row.id
}

describe('tidying: rename, download, delete', () => {
  test('rename: unique per project, audited; training with a taken name gets "(2)"', async () => {
    const api = callerFor(researcher)
    const other = await copyOfModel('bench other')
    expect(await codeOf(api.rewardModels.rename({ rewardModelId: other, name: rm.name }))).toBe('CONFLICT: Another reward model of this project is already named "bench tiny"')
    expect((await api.rewardModels.rename({ rewardModelId: other, name: 'bench renamed' })).name).toBe('bench renamed')
    expect(await db.auditLog.findFirst({ where: { action: 'reward-model.rename', entityId: other } })).toMatchObject({ userId: researcher.id, detail: { from: 'bench other', to: 'bench renamed' } })
    const twin = await api.rewardModels.train({ projectId, config: { name: 'bench renamed', base: { source: 'BUILTIN', size: 'tiny' } } })
    expect(twin.name).toBe('bench renamed (2)')
    await api.jobs.cancel({ jobId: twin.jobId })
    expect(await codeOf(callerFor(annotator).rewardModels.rename({ rewardModelId: other, name: 'x' }))).toMatch(/^FORBIDDEN/)
  })

  test('download: a tar of the ONNX folder (and of the checkpoint), staff only', async () => {
    const res = await downloadRequest(rm.id, 'part=onnx', await sessionCookie(researcher.id, 0))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-tar')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bench-tiny-onnx.tar"')
    const tar = Buffer.from(await res.arrayBuffer())
    expect(tar.length).toBe(Number(res.headers.get('content-length')))
    const file = path.join(tmp, 'onnx.tar')
    fs.writeFileSync(file, tar)
    const list = spawnSync('tar', ['-tf', file], { encoding: 'utf8' }).stdout.trim().split('\n')
    const onnxDir = (await db.rewardModel.findUniqueOrThrow({ where: { id: rm.id } })).outputDir!
    expect(list).toEqual(['bench-tiny-onnx/', ...fs.readdirSync(onnxDir).sort().map((f) => `bench-tiny-onnx/${f}`)])
    expect(list).toEqual(expect.arrayContaining(['bench-tiny-onnx/model.onnx', 'bench-tiny-onnx/tokenizer.json', 'bench-tiny-onnx/rewardlab-rm.json']))
    const checkpoint = await downloadRequest(rm.id, 'part=checkpoint', await sessionCookie(researcher.id, 0))
    expect(checkpoint.status).toBe(200)
    expect(checkpoint.headers.get('content-disposition')).toBe('attachment; filename="bench-tiny-checkpoint.tar"')
    await checkpoint.body!.cancel() // a client that stops reading: the stream closes its file
    expect((await downloadRequest(rm.id, 'part=onnx', await sessionCookie(annotator.id, 0))).status).toBe(403)
    expect((await downloadRequest(rm.id, 'part=weights', await sessionCookie(researcher.id, 0))).status).toBe(400)
    expect((await callerFor(researcher).rewardModels.get({ rewardModelId: rm.id })).downloads).toEqual({ onnx: true, checkpoint: true })
  })

  test('delete: refused while its job runs; then the model, its scores, evaluations, score runs, jobs and folder go, audited', async () => {
    const api = callerFor(researcher)
    const victim = await copyOfModel('bench victim')
    const set = await createBenchmarkUpload(researcher, { name: `victim set ${Date.now()}`, filename: 'v.jsonl', body: body(jsonl(HAND_BUILT.slice(0, 3))) })
    const ev = await api.benchmarks.evaluate({ rewardModelId: victim, setId: set.id })
    expect((await runHere('EVAL_RM', ev.jobId, evalRmTask)).status).toBe('SUCCEEDED')
    const run = await api.rewardModels.startScoring({ rewardModelId: victim })
    expect(await codeOf(api.rewardModels.delete({ rewardModelId: victim }))).toBe('CONFLICT: "bench victim" has a scoring job that is queued: cancel it first')
    expect((await runHere('SCORE_PAIRS', run.jobId, scorePairsTask)).status).toBe('SUCCEEDED')
    const trainJob = (await db.rewardModel.findUniqueOrThrow({ where: { id: victim } })).jobId
    expect(await db.pairScore.count({ where: { rewardModelId: victim } })).toBe(120)
    expect(fs.existsSync(rewardModelDir(victim))).toBe(true)

    const gone = await api.rewardModels.delete({ rewardModelId: victim })
    expect(gone).toMatchObject({ id: victim, pairScores: 120, scoreRuns: 1, evaluations: 1 })
    expect(await db.rewardModel.findUnique({ where: { id: victim } })).toBeNull()
    expect(await db.pairScore.count({ where: { rewardModelId: victim } })).toBe(0)
    expect(await db.scoreRun.count({ where: { rewardModelId: victim } })).toBe(0)
    expect(await db.benchmarkEvaluation.count({ where: { rewardModelId: victim } })).toBe(0)
    expect(await db.benchmarkScore.count({ where: { evaluationId: ev.id } })).toBe(0)
    expect(await db.job.count({ where: { id: { in: [trainJob, run.jobId, ev.jobId] } } })).toBe(0)
    expect(fs.existsSync(rewardModelDir(victim))).toBe(false)
    expect(await db.auditLog.findFirst({ where: { action: 'reward-model.delete', entityId: victim } })).toMatchObject({ userId: researcher.id, detail: { name: 'bench victim', evaluations: 1 } })
    // The set stays (another model may use it); the model it was copied from is untouched.
    expect(await db.benchmarkSet.findUnique({ where: { id: set.id } })).not.toBeNull()
    expect(fs.existsSync(path.join((await db.rewardModel.findUniqueOrThrow({ where: { id: rm.id } })).outputDir!, 'model.onnx'))).toBe(true)
    expect(await codeOf(callerFor(annotator).rewardModels.delete({ rewardModelId: rm.id }))).toMatch(/^FORBIDDEN/)
  }, 120_000)
})
