// First half of an SER_ROUND job: the stop rule's checks before scoring (rounds used up, empty pool,
// held-out accuracy no longer improving), then which pool pairs this round's reward model has not
// scored yet (scores are stored as they come, so a retried round scores only the rest).
import { db } from '../../db/client.ts'
import { serStopReason } from '../../lib/ser-rules.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { endSerRun } from './end-ser-run.ts'
import { listPool } from './list-pool.ts'
import { serConfigSchema } from './ser-config.ts'
import { seedModelConfig } from './ser-run-settings.ts'
import { accuracy as heldOutAccuracy } from './ser-run-view.ts'

export type RoundStart =
  | { next: 'done'; why: string }
  | { next: 'score'; roundId: string; rewardModel: { id: string; outputDir: string; checkpointDir: string | null }; missing: string[]; poolSize: number; backend: 'auto' | 'onnx' | 'trainer' }

export async function beginSerRound(jobId: string, opts: JobEvents): Promise<RoundStart> {
  const round = await db.serRound.findUniqueOrThrow({ where: { jobId }, include: { run: true, rewardModel: true, batch: { select: { id: true } } } })
  if (round.batch) return { next: 'done', why: 'this round already proposed its batch' }
  if (round.run.status !== 'ACTIVE') return { next: 'done', why: `the run is ${round.run.status.toLowerCase()}` }
  const rm = round.rewardModel
  if (!rm.outputDir) throw new Error(`The round's reward model "${rm.name}" has no exported model: its training did not finish`)
  const cfg = serConfigSchema.parse(round.run.config)
  const pool = await listPool(round.run.projectId, round.runId, await seedModelConfig(round.runId))
  const previous = round.round > 1 ? await db.serRound.findUnique({ where: { runId_round: { runId: round.runId, round: round.round - 1 } }, select: { heldOutAccuracy: true } }) : null
  const accuracy = heldOutAccuracy(rm.summary)
  await db.serRound.update({ where: { id: round.id }, data: { poolSize: pool.length, heldOutAccuracy: accuracy } })
  const stop = serStopReason({ round: round.round, maxRounds: cfg.maxRounds, poolSize: pool.length, accuracy, previousAccuracy: previous?.heldOutAccuracy ?? null, minAccuracyGain: cfg.stop.minAccuracyGain })
  if (stop) {
    await endSerRun(round.runId, round.id, stop)
    await opts.emit({ type: 'log', message: `run finished: ${stop}` })
    return { next: 'done', why: stop }
  }
  const scored = new Set<string>()
  for (let i = 0; i < pool.length; i += 10_000) {
    const ids = pool.slice(i, i + 10_000).map((p) => p.id)
    for (const s of await db.pairScore.findMany({ where: { rewardModelId: rm.id, pairId: { in: ids } }, select: { pairId: true } })) scored.add(s.pairId)
  }
  const missing = pool.filter((p) => !scored.has(p.id)).map((p) => p.id)
  await opts.emit({ type: 'log', message: `round ${round.round}: ${pool.length.toLocaleString('en-US')} pool pairs, ${missing.length.toLocaleString('en-US')} to score with "${rm.name}"` })
  const checkpointDir = (rm.summary as { checkpointDir?: string | null } | null)?.checkpointDir ?? null
  return { next: 'score', roundId: round.id, rewardModel: { id: rm.id, outputDir: rm.outputDir, checkpointDir }, missing, poolSize: pool.length, backend: cfg.backend }
}
