// Self-Evolved Reward Learning through its jobs on a real database with tiny models: a run trains its
// seed and reference, a round scores the pool and proposes a batch; the spot-check reaches an
// annotator blind through the annotation API; approval trains the next model on exactly the human
// and approved self-labels and starts the next round; rejection and revocation leave self-labels out
// of training; a worker killed while the batch is written leaves no partial batch and the retry
// writes exactly one.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { stopBoss } from '@/server/jobs/boss.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { rewardModelDir } from '@/server/lib/paths.ts'
import { stopScoringThread } from '@/server/services/scoring/score-texts.ts'
import { serRoundTask } from '@/workers/tasks/ser-round.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { callerFor, itemShape, makeUser, runHere, settleOtherJobs, waitFor } from './helpers.ts'
import { FAST_TRAINER, makeSeparableProject, pretrainTinyBase } from './rm-fixtures.ts'

let researcher: Actor
let admin: Actor
let annotator: Actor
let projectId: string
/** Pairs whose human label was removed: the pool. */
let unlabelled: string[]

/** Every pair passes status 2 (τ_Δ tiny), so a batch is proposed whatever the tiny model learnt. */
const config = (name: string, extra: Record<string, unknown> = {}) => ({
  name, statuses: [2 as const], thresholds: { tauDelta: 1e-6 }, spotCheck: { share: 0, minimum: 3 }, stop: { minAccuracyGain: -1 },
  // 30% held out: with 30 labelled pairs (random ids), a 10% share leaves none about 4% of the time.
  seed: { kind: 'train' as const, humanShare: 1, training: { base: { source: 'BUILTIN' as const, size: 'tiny' as const }, evalShare: 0.3, trainer: FAST_TRAINER } },
  backend: 'onnx' as const, ...extra,
})
const pairsFile = (rewardModelId: string) => fs.readFileSync(path.join(rewardModelDir(rewardModelId), 'pairs.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as { pairId: string; source: string; split: string })

/** Starts a run and trains its seed (and its reference) here; returns the run with round 1's job. */
async function startTrained(name: string, opts: { reference?: boolean; extra?: Record<string, unknown> } = {}) {
  const run = await callerFor(researcher).ser.start({ projectId, config: config(name, opts.extra) })
  const row = await db.serRun.findUniqueOrThrow({ where: { id: run.id }, include: { rounds: { include: { rewardModel: true } }, reference: true } })
  expect((await runHere('TRAIN_RM', row.rounds[0].rewardModel.jobId, trainRmTask)).error).toBeNull()
  if (opts.reference) expect((await runHere('TRAIN_RM', row.reference!.jobId, trainRmTask)).error).toBeNull()
  return { runId: run.id, roundJobId: row.rounds[0].jobId, seedId: row.rounds[0].rewardModelId }
}

/** A run on an already trained seed (its reference is left queued): round 1 runs here at once. */
async function startOnSeed(name: string, seedId: string) {
  const run = await callerFor(researcher).ser.start({ projectId, config: config(name, { seed: { kind: 'existing', rewardModelId: seedId } }) })
  const round = await db.serRound.findFirstOrThrow({ where: { runId: run.id, round: 1 } })
  expect((await runHere('SER_ROUND', round.jobId, serRoundTask)).error).toBeNull()
  return { runId: run.id, batch: await db.serBatch.findFirstOrThrow({ where: { runId: run.id } }) }
}

beforeAll(async () => {
  await settleOtherJobs()
  ;[researcher, admin, annotator] = await Promise.all([makeUser('RESEARCHER'), makeUser('ADMIN'), makeUser('ANNOTATOR')])
  const project = await makeSeparableProject(researcher, 60)
  projectId = project.id
  await db.projectMember.create({ data: { projectId, userId: annotator.id } })
  const pairs = await db.pair.findMany({ where: { projectId }, orderBy: { ordinal: 'asc' }, select: { id: true } })
  unlabelled = pairs.filter((_, i) => i % 2 === 1).map((p) => p.id)
  await db.label.deleteMany({ where: { pairId: { in: unlabelled } } })
  await pretrainTinyBase(researcher, projectId)
}, 300_000)

afterAll(async () => {
  await settleOtherJobs()
  await stopScoringThread()
  await stopBoss()
})

describe('an SER run', () => {
  let runId: string
  let batchId: string
  let seedId: string

  test('round 1 scores the pool and proposes a batch with both scores, its rule and a spot-check sample', async () => {
    const started = await startTrained('ser main', { reference: true })
    runId = started.runId
    seedId = started.seedId
    // Chained: the seed's end released round 1's message.
    expect((await db.job.findUniqueOrThrow({ where: { id: started.roundJobId } })).queueJobId).not.toBeNull()
    expect((await runHere('SER_ROUND', started.roundJobId, serRoundTask)).error).toBeNull()
    const round = await db.serRound.findFirstOrThrow({ where: { runId, round: 1 }, include: { batch: { include: { items: true } } } })
    expect(round).toMatchObject({ poolSize: 30, learningStatus: 2, batch: { status: 'PROPOSED', spotCheckSize: 3 } })
    const items = round.batch!.items
    expect(items.length).toBe(round.status2Count)
    expect(items.length).toBeGreaterThan(25)
    expect(new Set(items.map((i) => i.pairId)).size).toBe(items.length)
    for (const i of items) {
      expect(unlabelled).toContain(i.pairId)
      expect(i.rule).toBe(2)
      expect(i.choice).toBe(i.scoreA >= i.scoreB ? 'A' : 'B') // the higher-scored side
      expect(i.scoreA).toBeGreaterThan(0)
      expect(i.scoreA).toBeLessThan(1) // σ(r)
    }
    expect(items.filter((i) => i.spotCheck)).toHaveLength(3)
    batchId = round.batch!.id
    const view = await callerFor(researcher).ser.get({ runId })
    expect(view.rounds[0]).toMatchObject({ round: 1, poolSize: 30, batch: { status: 'PROPOSED' }, agreement: { spotCheck: { size: 3, answered: 0, agreement: null } } })
    expect(view.reference?.accuracy).toEqual(expect.any(Number))
  }, 300_000)

  test('the spot-check reaches the annotator first, in the shape of any other item, and its agreement shows on the batch', async () => {
    const api = callerFor(annotator)
    const sample = (await db.serSelfLabel.findMany({ where: { batchId, spotCheck: true } })).map((s) => s.pairId)
    const served: string[] = []
    const shapes: string[] = []
    for (let i = 0; i < 4; i++) {
      const item = await api.annotation.next({ projectId })
      if (item.done) throw new Error('the queue ended early')
      served.push(item.pair.id)
      shapes.push(itemShape(JSON.parse(JSON.stringify(item))))
      // The self-label's side, or the pair's own human label (no split majority to drop from training).
      const self = await db.serSelfLabel.findFirst({ where: { batchId, pairId: item.pair.id } })
      const human = await db.label.findFirst({ where: { pairId: item.pair.id, source: 'HUMAN' } })
      await api.annotation.submit({ assignmentId: item.assignmentId, choice: self?.choice ?? human?.choice ?? 'A', confidence: 3 })
    }
    expect(served.slice(0, 3).sort()).toEqual([...sample].sort())
    expect(sample).not.toContain(served[3]) // then the normal order
    expect(new Set(shapes).size).toBe(1) // spot-check and normal items: the same fields and types
    await expect(api.ser.batch({ batchId })).rejects.toThrow(/researcher or admin/)
    const batch = await callerFor(researcher).ser.batch({ batchId })
    expect(batch.agreement.spotCheck).toMatchObject({ size: 3, answered: 3, labels: 3, agreement: { value: 1, high: 1 } })
    expect(batch.agreement.spotCheck.agreement!.low).toBeCloseTo(0.4385, 3) // Wilson, 3 of 3: (1 + z²/6 − z·√(z²/36)) / (1 + z²/3)
    expect(await db.queueInsert.count({ where: { serBatchId: batchId } })).toBe(3) // kept until decided
  }, 120_000)

  test('only admins approve; approval trains the next model on exactly the human and approved self-labels, then round 2 runs', async () => {
    await expect(callerFor(researcher).ser.approve({ batchId, reason: 'looks fine' })).rejects.toThrow(/FORBIDDEN|admin/i)
    const approved = await callerFor(admin).ser.approve({ batchId, reason: 'spot-check agrees' })
    expect(await db.queueInsert.count({ where: { serBatchId: batchId } })).toBe(0)
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'ser.batch.approve', entityId: batchId } })
    expect(audit.userId).toBe(admin.id)
    const next = await db.rewardModel.findUniqueOrThrow({ where: { id: approved.nextRewardModelId } })
    const roundJob = await db.job.findUniqueOrThrow({ where: { id: approved.nextRoundJobId } })
    expect(roundJob).toMatchObject({ status: 'QUEUED', afterJobId: next.jobId, queueJobId: null }) // waits for the model

    expect((await runHere('TRAIN_RM', next.jobId, trainRmTask)).error).toBeNull()
    const lines = pairsFile(next.id)
    const humanPairs = await db.pair.findMany({ where: { projectId, labels: { some: { source: 'HUMAN' } } }, select: { id: true } })
    const selfPairs = (await db.label.findMany({ where: { serBatchId: batchId } })).map((l) => l.pairId)
    const expected = new Set([...humanPairs.map((p) => p.id), ...selfPairs])
    expect(new Set(lines.map((l) => l.pairId))).toEqual(expected)
    const spotChecked = new Set((await db.label.findMany({ where: { userId: annotator.id } })).map((l) => l.pairId))
    for (const l of lines) expect(l.source).toBe(humanPairs.some((p) => p.id === l.pairId) ? 'HUMAN' : 'SELF') // a human label wins
    expect(lines.filter((l) => l.source === 'SELF').length).toBe(selfPairs.filter((p) => !spotChecked.has(p)).length)

    expect((await db.job.findUniqueOrThrow({ where: { id: roundJob.id } })).queueJobId).not.toBeNull() // released by the training's end
    expect((await runHere('SER_ROUND', roundJob.id, serRoundTask)).error).toBeNull()
    const round2 = await db.serRound.findFirstOrThrow({ where: { runId, round: 2 }, include: { batch: true } })
    // The approved batch left the pool, and so did pairs the annotator labelled (the seed's share is 100%).
    expect(round2.poolSize).toBe(unlabelled.filter((p) => !selfPairs.includes(p) && !spotChecked.has(p)).length)
  }, 300_000)

  test('revoking takes the self-labels out of training; rejecting stops the run and withdraws its spot-check', async () => {
    await expect(callerFor(researcher).ser.revoke({ batchId, reason: 'wrong' })).rejects.toThrow(/FORBIDDEN|admin/i)
    const revoked = await callerFor(admin).ser.revoke({ batchId, reason: 'a bad round' })
    expect(revoked.labelsRemoved).toBeGreaterThan(0)
    expect(await db.label.count({ where: { serBatchId: batchId } })).toBe(0)
    expect(await db.auditLog.count({ where: { action: 'ser.batch.revoke', entityId: batchId } })).toBe(1)

    const other = await startOnSeed('ser rejected', seedId)
    expect(await db.queueInsert.count({ where: { serBatchId: other.batch.id } })).toBe(3)
    await expect(callerFor(researcher).ser.reject({ batchId: other.batch.id, reason: 'x' })).rejects.toThrow(/FORBIDDEN|admin/i)
    await callerFor(admin).ser.reject({ batchId: other.batch.id, reason: 'thresholds too loose' })
    expect(await db.queueInsert.count({ where: { serBatchId: other.batch.id } })).toBe(0)
    const stopped = await db.serRun.findUniqueOrThrow({ where: { id: other.runId } })
    expect(stopped).toMatchObject({ status: 'STOPPED', endReason: expect.stringMatching(/rejected by .*: thresholds too loose/) })
    await expect(callerFor(admin).ser.approve({ batchId: other.batch.id, reason: 'x' })).rejects.toThrow(/already rejected/)
    expect(await db.auditLog.count({ where: { action: 'ser.batch.reject', entityId: other.batch.id } })).toBe(1)
    // A model trained now for this run would see no self-label of either batch.
    const { writeTrainingPairs } = await import('@/server/services/reward-models/write-training-pairs.ts')
    const { roundModelConfig, seedModelConfig } = await import('@/server/services/ser/ser-run-settings.ts')
    const file = path.join(rewardModelDir('ser-test-revoked'), 'pairs.jsonl')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const counts = await writeTrainingPairs(projectId, roundModelConfig(await seedModelConfig(runId), { id: runId, name: 'x' }, 3), file)
    expect(counts.SELF).toBe(0)
  }, 120_000)

  test('refusals: annotators see no run; approving before the spot-check is complete needs an override reason', async () => {
    await expect(callerFor(annotator).ser.list({ projectId })).rejects.toThrow(/researcher or admin/)
    await expect(callerFor(researcher).ser.start({ projectId, config: config('ser auto', { experiment: true, autoApprove: true }) })).rejects.toThrow(/Only an admin/)
    await expect(callerFor(researcher).ser.start({ projectId, config: config('ser auto', { autoApprove: true }) })).rejects.toThrow(/experiment runs only/)
    await expect(callerFor(researcher).ser.start({ projectId, config: config('ser main') })).rejects.toThrow(/already has a self-evolution run named "ser main"/)
    const { runId: other, batch } = await startOnSeed('ser override', seedId)
    await expect(callerFor(admin).ser.approve({ batchId: batch.id, reason: 'fine' })).rejects.toThrow(/spot-check is not complete \(0 of 3 answered\)/)
    await callerFor(admin).ser.approve({ batchId: batch.id, reason: 'fine', override: 'deadline' })
    expect(await db.serBatch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({ status: 'APPROVED', overrideReason: 'deadline' })
    await callerFor(researcher).ser.stop({ runId: other, reason: 'enough' })
    expect(await db.serRun.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ status: 'STOPPED', endReason: expect.stringMatching(/stopped by .*: enough/) })
  }, 300_000)
})

describe('SER in a real worker', () => {
  const workers: ChildProcess[] = []
  afterAll(() => { for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL') })
  const startWorker = () => new Promise<ChildProcess>((resolve, reject) => {
    const w = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    workers.push(w)
    w.stdout!.setEncoding('utf8').on('data', (d: string) => { if (d.includes('listening on queues')) resolve(w) })
    w.stderr!.setEncoding('utf8').on('data', () => {})
    w.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
  })

  test('SIGKILL while the batch is being written: no partial batch, and the retried round writes exactly one', async () => {
    await settleOtherJobs()
    const { runId, roundJobId } = await startTrained('ser killed')
    const before = await db.serRound.findFirstOrThrow({ where: { runId, round: 1 } })
    // Hold back every write to SerBatch, so the worker is caught inside the batch's transaction.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL })
    blocker.on('error', () => {})
    await blocker.connect()
    await blocker.query('BEGIN')
    await blocker.query('LOCK TABLE "SerBatch" IN SHARE ROW EXCLUSIVE MODE')
    const worker = await startWorker()
    await waitFor('the batch insert to wait on the lock', async () => (await blocker.query(
      `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'SerBatch' AND NOT l.granted`)).rowCount! > 0, 180_000)
    worker.kill('SIGKILL')
    await new Promise((r) => worker.once('exit', r))
    await blocker.query('ROLLBACK')
    await blocker.end()
    const round = await db.serRound.findFirstOrThrow({ where: { runId, round: 1 } })
    await waitFor('the orphaned transaction to end', async () => (await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'SerBatch'`)[0].n === 0n, 30_000)
    expect(await db.serBatch.count({ where: { roundId: round.id } })).toBe(0)
    expect(await db.serSelfLabel.count({ where: { batch: { runId } } })).toBe(0)
    expect(round.status2Count).toBeNull() // the round's figures were in the same transaction
    expect(round.poolSize).toBeGreaterThan(0)
    expect(await db.pairScore.count({ where: { rewardModelId: before.rewardModelId } })).toBe(round.poolSize) // scores are kept

    await startWorker() // finds the dead worker's job and re-queues it
    const done = await waitFor('the retried round', async () => {
      const j = await db.job.findUniqueOrThrow({ where: { id: roundJobId } })
      return j.status === 'SUCCEEDED' ? j : null
    }, 180_000)
    expect(done.attempts).toBe(2)
    expect(await db.serBatch.count({ where: { roundId: round.id } })).toBe(1)
    expect(await db.jobLog.findFirst({ where: { jobId: roundJobId, message: { contains: '0 to score' } } })).not.toBeNull() // resumed, not rescored
  }, 400_000)
})
