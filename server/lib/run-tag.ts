// The one rule that tags a policy run by where its reward came from, as the RLAIF paper compares runs
// (arXiv 2309.00267): RLHF = a reward model trained on human labels, RLAIF = on AI labels, SER = on
// human + approved self-labels (an SER round's model, arXiv 2411.00418), d-RLAIF = the judge's rating
// as the reward with no reward model, SFT = no reward at all. Pure, no imports: the compare page and
// the server tag alike. Configs are read tolerantly (older rows, modes added later).

export type RunTag = 'SFT' | 'RLHF' | 'RLAIF' | 'SER' | 'd-RLAIF' | 'mixed' | 'unknown'

export type RunTagInput = {
  kind: 'SFT' | 'PPO'
  /** The policy's stored config (PPO: `rewardMode` is plain | contrastive | drlaif). */
  config: unknown
  /** The reward model's stored training config (`sources`, `serRunId`), null when there is none. */
  rewardModelConfig: unknown
}

const field = (v: unknown, key: string): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined)

/** The tag, and why in words (shown as a tooltip and exported). */
export function runTag({ kind, config, rewardModelConfig }: RunTagInput): { tag: RunTag; why: string } {
  if (kind === 'SFT') return { tag: 'SFT', why: 'supervised fine-tuning: no reward' }
  // The mode lives in the policy config; a trainer override `ppo.reward_mode` would say the same.
  if (field(config, 'rewardMode') === 'drlaif' || field(field(config, 'trainer'), 'ppo.reward_mode') === 'drlaif') return { tag: 'd-RLAIF', why: 'the AI judge\'s 1–10 rating is the reward (no reward model)' }
  if (!rewardModelConfig || typeof rewardModelConfig !== 'object') return { tag: 'unknown', why: 'its reward model is not known' }
  const raw = field(rewardModelConfig, 'sources')
  // A reward model trained before label sources were recorded learnt from human labels (the only kind then).
  const sources = new Set(Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : ['HUMAN'])
  const ser = typeof field(rewardModelConfig, 'serRunId') === 'string'
  if (sources.has('SELF') || ser) return { tag: 'SER', why: 'reward model trained on human + approved self-labels (SER)' }
  const human = sources.has('HUMAN')
  const ai = sources.has('AI')
  if (human && ai) return { tag: 'mixed', why: 'reward model trained on human and AI labels together' }
  if (ai) return { tag: 'RLAIF', why: 'reward model trained on AI labels' }
  if (human) return { tag: 'RLHF', why: 'reward model trained on human labels' }
  return { tag: 'unknown', why: 'its reward model names no label source' }
}
