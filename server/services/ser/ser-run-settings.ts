// The settings an SER run's pool and round models follow: the seed reward model's training config
// (its seed, held-out share and human share decide which pairs are held out, which human labels train,
// and so which pairs form the pool), and the config each later round's reward model trains with.
import { db } from '../../db/client.ts'
import { rewardModelConfigSchema, type RewardModelConfig } from '../reward-models/training-config.ts'

export async function seedModelConfig(runId: string): Promise<RewardModelConfig> {
  const first = await db.serRound.findFirstOrThrow({ where: { runId, round: 1 }, select: { rewardModel: { select: { config: true } } } })
  return rewardModelConfigSchema.parse(first.rewardModel.config)
}

/** Round r + 1's reward model: the seed's settings on human + this run's approved self-labels. */
export function roundModelConfig(seed: RewardModelConfig, run: { id: string; name: string }, round: number): RewardModelConfig {
  const sources = [...new Set([...seed.sources, 'SELF' as const])]
  return { ...seed, name: `${run.name} · round ${round}`, sources, serRunId: run.id }
}
