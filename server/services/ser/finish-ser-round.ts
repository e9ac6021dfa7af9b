// Second half of an SER_ROUND job: every pool pair's s = σ(r) for both responses, the pairs each
// rule selects, the learning status (the stop rule ends the run when none selects enough), and the
// self-label batch: the selected pairs with both scores and their rule, a seeded blind spot-check
// sample, written in one transaction with the round's figures (a crash leaves no partial batch; the
// unique round id keeps a retry from writing a second one). Auto-approving runs approve it at once.
import { db, type Prisma } from '../../db/client.ts'
import { addSpotChecks } from '../annotation/blind-inserts.ts'
import { identifyStatus, judgeSelfPair, serStopReason, sigmoid, spotCheckSize, type SerStatus, type Thresholds } from '../../lib/ser-rules.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { unitHash } from '../../lib/pair-scope.ts'
import { approveSerBatchInTx } from './approve-ser-batch.ts'
import { endSerRun } from './end-ser-run.ts'
import { listPool } from './list-pool.ts'
import { serConfigSchema } from './ser-config.ts'
import { seedModelConfig } from './ser-run-settings.ts'

const BINS = 20
const histogram = (values: number[]) => {
  const counts = new Array<number>(BINS).fill(0)
  for (const v of values) counts[Math.min(BINS - 1, Math.floor(v * BINS))]++
  return counts
}

type Scored = { pairId: string; sA: number; sB: number; status1: boolean; status2: boolean; choice: 'A' | 'B' }

async function scoredPool(rewardModelId: string, pairIds: string[], t: Thresholds): Promise<Scored[]> {
  const out: Scored[] = []
  for (let i = 0; i < pairIds.length; i += 10_000) {
    const rows = await db.pairScore.findMany({ where: { rewardModelId, pairId: { in: pairIds.slice(i, i + 10_000) } }, select: { pairId: true, scoreA: true, scoreB: true } })
    for (const r of rows) out.push({ pairId: r.pairId, sA: sigmoid(r.scoreA), sB: sigmoid(r.scoreB), ...judgeSelfPair(sigmoid(r.scoreA), sigmoid(r.scoreB), t) })
  }
  return out
}

export async function finishSerRound(jobId: string, opts: JobEvents) {
  const round = await db.serRound.findUniqueOrThrow({ where: { jobId }, include: { run: true, batch: { select: { id: true } } } })
  if (round.batch || round.run.status !== 'ACTIVE') return null
  const cfg = serConfigSchema.parse(round.run.config)
  const seed = await seedModelConfig(round.runId)
  const pool = await listPool(round.run.projectId, round.runId, seed)
  const scored = await scoredPool(round.rewardModelId, pool.map((p) => p.id), cfg.thresholds)
  if (scored.length < pool.length) throw new Error(`${pool.length - scored.length} pool pairs have no score yet: the scoring step did not finish`)
  const counts = { 1: scored.filter((s) => s.status1).length, 2: scored.filter((s) => s.status2).length }
  const status = identifyStatus(counts, pool.length, cfg.statuses, cfg.stop.minSelectedShare)
  const selected = status ? scored.filter((s) => (status === 1 ? s.status1 : s.status2)) : []
  const chosen = new Set(selected.map((s) => s.pairId))
  const hist = {
    bins: BINS,
    selected: histogram(selected.flatMap((s) => [s.sA, s.sB])),
    unselected: histogram(scored.filter((s) => !chosen.has(s.pairId)).flatMap((s) => [s.sA, s.sB])),
  }
  const figures = { status1Count: counts[1], status2Count: counts[2], learningStatus: status, histogram: hist }
  const best = Math.max(...cfg.statuses.map((s) => counts[s]))
  const stop = serStopReason({ round: round.round, maxRounds: cfg.maxRounds, poolSize: pool.length, accuracy: null, previousAccuracy: null, minAccuracyGain: 0, scored: { status, selected: best, minSelectedShare: cfg.stop.minSelectedShare } })
  if (stop || !status) {
    await db.serRound.update({ where: { id: round.id }, data: figures })
    await endSerRun(round.runId, round.id, stop ?? 'no pairs selected')
    await opts.emit({ type: 'log', message: `run finished: ${stop}` })
    return null
  }
  return proposeBatch(round, status, selected, figures, cfg.spotCheck, seed.seed, opts)
}

async function proposeBatch(
  round: { id: string; round: number; runId: string; run: { projectId: string; createdById: string; autoApprove: boolean } }, status: SerStatus, selected: Scored[],
  figures: Prisma.SerRoundUpdateInput, spot: { share: number; minimum: number; labelsPerPair: number }, seed: number, opts: JobEvents,
) {
  const n = spotCheckSize(selected.length, spot.share, spot.minimum)
  const sample = new Set([...selected].sort((a, b) => unitHash(a.pairId, `spot-check:${round.round}`, seed) - unitHash(b.pairId, `spot-check:${round.round}`, seed)).slice(0, n).map((s) => s.pairId))
  const batch = await db.$transaction(async (tx) => {
    await tx.serRound.update({ where: { id: round.id }, data: figures })
    const b = await tx.serBatch.create({ data: { runId: round.runId, roundId: round.id, size: selected.length, spotCheckSize: sample.size } })
    for (let i = 0; i < selected.length; i += 5000) {
      await tx.serSelfLabel.createMany({
        data: selected.slice(i, i + 5000).map((s) => ({ batchId: b.id, pairId: s.pairId, choice: s.choice, scoreA: s.sA, scoreB: s.sB, rule: status, spotCheck: sample.has(s.pairId) })),
      })
    }
    if (!round.run.autoApprove) await addSpotChecks(tx, round.run.projectId, b.id, [...sample], spot.labelsPerPair)
    if (round.run.autoApprove) await approveSerBatchInTx(tx, b.id, { userId: round.run.createdById, reason: 'auto-approved (experiment run)', auto: true })
    return b
  }, { timeout: 120_000 })
  await opts.emit({ type: 'log', message: `round ${round.round}: status ${status}, ${selected.length.toLocaleString('en-US')} pairs proposed, ${sample.size} for the spot-check${round.run.autoApprove ? '; auto-approved' : ''}` })
  return batch
}
