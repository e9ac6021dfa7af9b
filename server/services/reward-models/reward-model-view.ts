// What the API shows of a reward model: its settings as submitted, its job, its base model and the
// headline metrics. Server paths (output folder, checkpoint) stay on the server.
import type { Prisma } from '../../db/client.ts'
import { mergeHeadlines, storedHeadline, type Headline } from '../../lib/rm-headline.ts'
import { rewardModelConfigSchema, type RewardModelConfig } from './training-config.ts'


export const jobViewSelect = {
  id: true, kind: true, status: true, progress: true, phase: true, error: true, attempts: true,
  createdAt: true, startedAt: true, finishedAt: true,
} satisfies Prisma.JobSelect

export const rewardModelViewSelect = {
  id: true, projectId: true, name: true, config: true, summary: true, outputDir: true, createdAt: true,
  createdBy: { select: { id: true, name: true } },
  baseModel: { select: { id: true, name: true, source: true, ref: true, path: true } },
  job: { select: jobViewSelect },
  // An SER round's model (or a run's 100%-human reference) says which run it belongs to.
  serRounds: { select: { round: true, run: { select: { id: true, name: true } } }, take: 1 },
  serReference: { select: { id: true, name: true } },
} satisfies Prisma.RewardModelSelect

type Row = Prisma.RewardModelGetPayload<{ select: typeof rewardModelViewSelect }>

/** The stored config read back with today's defaults; an unreadable one is shown as stored. */
export function readConfig(config: unknown): RewardModelConfig | null {
  const parsed = rewardModelConfigSchema.safeParse(config)
  return parsed.success ? parsed.data : null
}

export function toRewardModelView(row: Row, live?: Headline) {
  const { outputDir, baseModel, summary, config, serRounds, serReference, ...rest } = row
  const round = serRounds[0]
  return {
    ...rest,
    ser: round ? { runId: round.run.id, runName: round.run.name, round: round.round } : serReference ? { runId: serReference.id, runName: serReference.name, round: null } : null,
    config: readConfig(config) ?? (config as RewardModelConfig),
    headline: live ? mergeHeadlines(storedHeadline(summary), live) : storedHeadline(summary),
    /** An ONNX export exists: the model can score pairs and the playground. */
    exported: outputDir !== null,
    baseModel: { id: baseModel.id, name: baseModel.name, source: baseModel.source, ref: baseModel.ref, ready: baseModel.path !== null },
  }
}
export type RewardModelView = ReturnType<typeof toRewardModelView>
