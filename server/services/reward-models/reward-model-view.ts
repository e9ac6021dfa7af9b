// What the API shows of a reward model: its settings as submitted, its job, its base model and the
// headline metrics. Server paths (output folder, checkpoint) stay on the server.
import type { Prisma } from '../../db/client.ts'
import { rewardModelConfigSchema, type RewardModelConfig } from './training-config.ts'

/** The summary numbers the tables show, named as the trainer logs them. */
export const HEADLINE_METRICS = ['eval/accuracy', 'eval/loss', 'eval/ece', 'export/parity_max_abs_diff', 'train/tokens_per_second'] as const
export type Headline = Record<(typeof HEADLINE_METRICS)[number], number | null>

export const jobViewSelect = {
  id: true, kind: true, status: true, progress: true, phase: true, error: true, attempts: true,
  createdAt: true, startedAt: true, finishedAt: true,
} satisfies Prisma.JobSelect

export const rewardModelViewSelect = {
  id: true, projectId: true, name: true, config: true, summary: true, outputDir: true, createdAt: true,
  createdBy: { select: { id: true, name: true } },
  baseModel: { select: { id: true, name: true, source: true, ref: true, path: true } },
  job: { select: jobViewSelect },
} satisfies Prisma.RewardModelSelect

type Row = Prisma.RewardModelGetPayload<{ select: typeof rewardModelViewSelect }>

/** The stored config read back with today's defaults; an unreadable one is shown as stored. */
export function readConfig(config: unknown): RewardModelConfig | null {
  const parsed = rewardModelConfigSchema.safeParse(config)
  return parsed.success ? parsed.data : null
}

export function headlineFrom(summary: unknown, live: Partial<Headline> = {}): Headline {
  const s = (summary && typeof summary === 'object' ? summary : {}) as Record<string, unknown>
  const num = (k: string) => (typeof s[k] === 'number' && Number.isFinite(s[k]) ? (s[k] as number) : null)
  return Object.fromEntries(HEADLINE_METRICS.map((k) => [k, num(k) ?? live[k] ?? null])) as Headline
}

export function toRewardModelView(row: Row, live: Partial<Headline> = {}) {
  const { outputDir, baseModel, summary, config, ...rest } = row
  return {
    ...rest,
    config: readConfig(config) ?? (config as RewardModelConfig),
    headline: headlineFrom(summary, live),
    /** An ONNX export exists: the model can score pairs and the playground. */
    exported: outputDir !== null,
    baseModel: { id: baseModel.id, name: baseModel.name, source: baseModel.source, ref: baseModel.ref, ready: baseModel.path !== null },
  }
}
export type RewardModelView = ReturnType<typeof toRewardModelView>
