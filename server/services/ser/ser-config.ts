// What a researcher chooses when starting an SER run, with defaults and the reason for each
// (arXiv 2411.00418 and its reference code, microsoft/DKI_LLM SER; ../shared/notes/methods.md).
import { z } from 'zod'
import { rewardModelConfigSchema } from '../reward-models/training-config.ts'

/** How each round's reward model is trained: the train dialog's settings, minus name and sources. */
export const serTrainingSchema = rewardModelConfigSchema.omit({ name: true, sources: true, humanShare: true, serRunId: true })

export const serConfigSchema = z.object({
  name: z.string().trim().min(1).max(120),
  seed: z.discriminatedUnion('kind', [
    /** Round 1 scores with a reward model the project already has (its settings train the later rounds). */
    z.object({ kind: z.literal('existing'), rewardModelId: z.string().min(1).max(64) }),
    /** A new seed model on a share of the human labels: the paper's 15%. */
    z.object({ kind: z.literal('train'), humanShare: z.number().min(0.01).max(1).default(0.15), training: serTrainingSchema.prefault({}) }),
  ]).default({ kind: 'train', humanShare: 0.15, training: serTrainingSchema.parse({}) }),
  thresholds: z.object({
    // The reference code's values: s = σ(r) above 0.55 reads as good, below 0.45 as bad.
    tauLow: z.number().gt(0).lt(1).default(0.45),
    tauHigh: z.number().gt(0).lt(1).default(0.55),
    // Status 2: two answers whose scores differ by more than 0.3 are told apart.
    tauDelta: z.number().gt(0).lt(1).default(0.3),
  }).prefault({}).refine((t) => t.tauLow <= t.tauHigh, 'τ_low must not be above τ_high'),
  // Both statuses, status 1 first, as the paper.
  statuses: z.array(z.union([z.literal(1), z.literal(2)])).min(1).max(2).default([1, 2]),
  // The paper runs 4 rounds.
  maxRounds: z.number().int().min(1).max(50).default(4),
  stop: z.object({
    // A round selecting under 1% of the pool adds too little to be worth retraining on.
    minSelectedShare: z.number().min(0).max(1).default(0.01),
    // Stop once held-out human accuracy drops below the previous round's (a gain under 0 points).
    minAccuracyGain: z.number().min(-1).max(1).default(0),
  }).prefault({}),
  spotCheck: z.object({
    // 5% of a batch, and at least 20 pairs so its agreement interval says something.
    share: z.number().min(0).max(1).default(0.05),
    minimum: z.number().int().min(0).max(10_000).default(20),
    // One person per sampled pair: the sample's size, not repeat labels, narrows the interval.
    labelsPerPair: z.number().int().min(1).max(10).default(1),
  }).prefault({}),
  // The pool's human labels are held back and score the self-labels (the paper's set-up).
  experiment: z.boolean().default(false),
  // Experiments only: batches approved once proposed, without an admin's review.
  autoApprove: z.boolean().default(false),
  // Where the pool is scored: onnxruntime-node is faster on CPUs (docs/benchmarks.md), the trainer on a GPU.
  backend: z.enum(['auto', 'onnx', 'trainer']).default('auto'),
}).refine((c) => !c.autoApprove || c.experiment, { message: 'Auto-approval is for experiment runs only', path: ['autoApprove'] })
export type SerConfig = z.infer<typeof serConfigSchema>
