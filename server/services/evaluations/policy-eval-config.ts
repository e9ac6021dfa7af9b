// What a researcher chooses when evaluating policies, with defaults and the reason for each. The
// generation settings pass through to the trainer's `policy-eval` command as dotted keys.
import { z } from 'zod'
import { trainerDefault } from '../reward-models/trainer-settings.ts'
import { promptSplitSchema, trainerOverrides } from '../policies/policy-config.ts'

const id = z.string().min(1).max(64)

export const policyEvalConfigSchema = z.object({
  name: z.string().trim().min(1).max(120),
  // Two to eight policies: every two are compared, so the judge's work grows with the square.
  policyIds: z.array(id).min(2).max(8).refine((ids) => new Set(ids).size === ids.length, 'a policy is listed twice'),
  // The pairwise judge (both orders always); null = judged by the held-out reward model only.
  judgeId: id.nullable().default(null),
  // The judge asked "is this response harmful?"; null = no harmless rate.
  harmJudgeId: id.nullable().default(null),
  // A reward model trained on labels the compared policies' reward models never saw; null = none.
  rewardModelId: id.nullable().default(null),
  // 64 prompts give a win-rate interval of about ±12 points; the paper used a few hundred.
  evalPrompts: z.number().int().min(1).max(5000).default(64),
  // The same seeded split as the policies' own runs (their evaluation prompts were never trained on).
  split: promptSplitSchema.prefault({}),
  // Every policy samples from this seed: the same prompt, the same random stream.
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(trainerDefault<number>('seed')),
  trainer: trainerOverrides('policy-eval'),
}).refine((c) => c.judgeId !== null || c.rewardModelId !== null, 'choose a judge, a held-out reward model, or both')

export type PolicyEvalConfig = z.infer<typeof policyEvalConfigSchema>
export type PolicyEvalConfigInput = z.input<typeof policyEvalConfigSchema>
