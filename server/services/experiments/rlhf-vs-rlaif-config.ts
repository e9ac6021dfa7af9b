// The "RLHF vs RLAIF" preset's choices, with defaults and the reason for each: the RLAIF paper's
// experiment (arXiv 2309.00267) in miniature on PandaLM's pairs, where the human labels (three
// annotators) and an AI judge's labels (GPT-3.5-turbo) are on the very same pairs. Everything else
// is shared by the two arms, so they differ in their labels only.
import { z } from 'zod'
import { trainerDefault } from '../reward-models/trainer-settings.ts'
import { trainerOverridesSchema } from '../reward-models/trainer-overrides.ts'
import { policyBaseSchema, trainerOverrides } from '../policies/policy-config.ts'

const id = z.string().min(1).max(64)

export const rlhfVsRlaifConfigSchema = z.object({
  // PandaLM publishes GPT-3.5-turbo's verdicts on its test set (the demo imports them under this name).
  aiJudgeName: z.string().trim().min(1).max(120).default('gpt-3.5-turbo'),
  // Both arms' reward models, and the SFT policy, start from the same base model.
  base: policyBaseSchema,
  // The two arms' reward models learn from one part of the pairs and the held-out reward model (the
  // evaluation's judge) from the rest, so it never saw a label the arms learnt from. Half and half
  // keeps about 500 pairs on each side.
  heldOutShare: z.number().min(0.1).max(0.9).default(0.5),
  // One seed for every split, initialisation and sample.
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(trainerDefault<number>('seed')),
  // PandaLM has 170 prompts: a fifth (about 34) held out for the evaluation; a tenth would leave ~17,
  // a win-rate interval of ±24 points.
  evalShare: z.number().min(0.05).max(0.5).default(0.2),
  // The paper's RL step maximises the reward model's score (plain); contrastive subtracts baselines.
  rewardMode: z.enum(['plain', 'contrastive']).default('plain'),
  // Optional AI judges of the project for the evaluation (pairwise, both orders; harmfulness).
  judgeId: id.nullable().default(null),
  harmJudgeId: id.nullable().default(null),
  // At most this many evaluation prompts (all of them by default: 34 under the defaults).
  evalPrompts: z.number().int().min(1).max(5000).default(200),
  rmTrainer: trainerOverridesSchema,
  sftTrainer: trainerOverrides('sft'),
  ppoTrainer: trainerOverrides('ppo'),
  evalTrainer: trainerOverrides('policy-eval'),
})
export type RlhfVsRlaifConfig = z.infer<typeof rlhfVsRlaifConfigSchema>
export type RlhfVsRlaifConfigInput = z.input<typeof rlhfVsRlaifConfigSchema>
