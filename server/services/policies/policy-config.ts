// What a researcher chooses when training a policy, with defaults and the reason for each. The
// trainer's own settings pass through as dotted keys under `trainer`, checked against the keys the
// trainer lists as overridable for the command (config.py → trainer-settings.json).
import { z } from 'zod'
import { importIdsSchema } from '../../lib/pair-scope.ts'
import { trainerDefault, overrideProblem, type TrainerCommand } from '../reward-models/trainer-settings.ts'

export const trainerOverrides = (command: TrainerCommand) => z
  .record(z.string().max(60), z.union([z.number().finite(), z.string().max(100), z.boolean()]))
  .refine((r) => Object.keys(r).length <= 40, 'at most 40 trainer settings')
  .superRefine((r, ctx) => {
    for (const [key, value] of Object.entries(r)) {
      const problem = overrideProblem(command, key, value)
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem })
    }
  })
  .default({})

/** How a project's prompts are split: by prompt, seeded, so a prompt is train or eval in every run alike. */
export const promptSplitSchema = z.object({
  // The trainer's seed: the same split as the trainer's other runs of this project.
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(trainerDefault<number>('seed')),
  // A tenth of the prompts held out: enough to read completions and evaluate, most prompts still train.
  evalShare: z.number().min(0.02).max(0.5).default(0.1),
  /** Only the prompts (and, for SFT, the pairs) of these imports; empty: the whole project. */
  importIds: importIdsSchema,
})
export type PromptSplit = z.infer<typeof promptSplitSchema>

/** The causal LM a policy starts from: the built-in GPT (pretrained here) or a Hugging Face folder. */
export const policyBaseSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('BUILTIN'), size: z.enum(['tiny', 'small']).default('small') }),
  z.object({ source: z.literal('HF_FOLDER'), path: z.string().min(1).max(1000) }),
]).default({ source: 'BUILTIN', size: 'small' })

export const sftConfigSchema = z.object({
  name: z.string().trim().min(1).max(120),
  base: policyBaseSchema,
  // The human-majority winner is what people preferred; AI or self labels train on their own winner;
  // UPLOAD trains on an uploaded prompt/response file of the project (datasetId).
  source: z.enum(['HUMAN', 'AI', 'SELF', 'UPLOAD']).default('HUMAN'),
  datasetId: z.string().min(1).max(64).optional(),
  /** Filled in by the server from the uploaded file when the run starts: what the policy's page shows. */
  dataset: z.object({ filename: z.string(), examples: z.number(), prompts: z.number() }).optional(),
  split: promptSplitSchema.prefault({}),
  trainer: trainerOverrides('sft'),
}).refine((c) => c.source !== 'UPLOAD' || c.datasetId, { path: ['datasetId'], message: 'choose the uploaded file to train on' })
export type SftConfig = z.infer<typeof sftConfigSchema>

export const ppoConfigSchema = z.object({
  name: z.string().trim().min(1).max(120),
  /** The SFT policy it starts from (and its reference). */
  policyId: z.string().min(1).max(64),
  /** The reward model; optional for d-RLAIF, where it only initialises the value model. */
  rewardModelId: z.string().min(1).max(64).optional(),
  // Plain PPO maximises r(x, y); contrastive subtracts each prompt's offline baseline (arXiv 2403.07708);
  // d-RLAIF takes an AI judge's 1–10 rating, rescaled to [−1, 1], as the reward (arXiv 2309.00267).
  rewardMode: z.enum(['plain', 'contrastive', 'drlaif']).default('contrastive'),
  /** d-RLAIF: the project's AI judge that rates every rollout. */
  judgeId: z.string().min(1).max(64).optional(),
  // Baseline responses per prompt: the paper uses a few; 4 keeps the offline pass short.
  k: z.number().int().min(1).max(32).default(4),
  // 0 = every train prompt (the paper's baselines). A short run sees only iterations x rollouts prompts:
  // a seeded sample of N keeps its offline baseline pass to those (and is part of the baselines' key).
  trainPrompts: z.number().int().min(0).max(10_000_000).default(0),
  split: promptSplitSchema.prefault({}),
  trainer: trainerOverrides('ppo'),
}).superRefine((c, ctx) => {
  if (c.rewardMode === 'drlaif' && !c.judgeId) ctx.addIssue({ code: 'custom', path: ['judgeId'], message: 'd-RLAIF rewards need an AI judge' })
  if (c.rewardMode !== 'drlaif' && !c.rewardModelId) ctx.addIssue({ code: 'custom', path: ['rewardModelId'], message: `${c.rewardMode} rewards need a reward model` })
})
export type PpoConfig = z.infer<typeof ppoConfigSchema>

/** The value model's start: from the reward model by default, from the policy when the run has none (d-RLAIF). */
export const valueInit = (cfg: PpoConfig) => cfg.trainer['ppo.value_init'] ?? (cfg.rewardModelId ? 'reward_model' : 'policy')

/** What a d-RLAIF run's Policy row keeps of its judging (judgeUsage), summed over attempts. */
export const judgeUsageSchema = z.object({
  ratings: z.number().default(0), requests: z.number().default(0), retries: z.number().default(0),
  promptTokens: z.number().default(0), completionTokens: z.number().default(0), costUsd: z.number().default(0), judgeMs: z.number().default(0),
})
export type JudgeUsage = z.infer<typeof judgeUsageSchema>
