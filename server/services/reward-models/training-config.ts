// What a researcher chooses when training a reward model, with defaults and the reason for each.
// The trainer's own hyperparameters pass through under `trainer` (see workers/trainer config.py).
import { z } from 'zod'
import { pairScopeSchema } from '../../lib/pair-scope.ts'
import { trainerOverridesSchema } from './trainer-overrides.ts'
import { trainerDefault } from './trainer-settings.ts'

export const LABEL_SOURCES = ['HUMAN', 'AI', 'SELF'] as const

export const rewardModelConfigSchema = z.object({
  name: z.string().trim().min(1).max(120),
  /** Which pairs it learns from and is evaluated on: every pair, some imports', a slice (pair-scope.ts). */
  scope: pairScopeSchema.prefault({}),
  /** Which labels teach the model; human labels win where a pair has several kinds. */
  sources: z.array(z.enum(LABEL_SOURCES)).min(1).default(['HUMAN']),
  /** Share of the human-labelled training pairs used (SER's seed uses 15%). */
  humanShare: z.number().min(0.01).max(1).default(1),
  /** Share of human-majority pairs held out for evaluation, never trained on. */
  evalShare: z.number().min(0.02).max(0.5).default(0.1),
  /** Ties are dropped, or trained towards P = 0.5. */
  ties: z.enum(['drop', 'half']).default('drop'),
  /** Seed for the splits and the trainer (reproducible runs); the trainer's own default. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(trainerDefault<number>('seed')),
  base: z.discriminatedUnion('source', [
    z.object({ source: z.literal('BUILTIN'), size: z.enum(['tiny', 'small']).default('small') }),
    z.object({ source: z.literal('HF_FOLDER'), path: z.string().min(1).max(1000) }),
  ]).default({ source: 'BUILTIN', size: 'small' }),
  /** SER: train on this run's approved self-labels only (other self-labels of the project are left out). Set by the server. */
  serRunId: z.string().max(64).optional(),
  /** Trainer hyperparameters as dotted keys (learning rate, epochs, batch size, max length, LoRA...), from an allowlist. */
  trainer: trainerOverridesSchema,
})
export type RewardModelConfig = z.infer<typeof rewardModelConfigSchema>
