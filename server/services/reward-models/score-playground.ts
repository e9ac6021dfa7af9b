// The reward-model playground: r(prompt + A), r(prompt + B) and P(A preferred) = σ(rA − rB), the
// Bradley–Terry probability the model was trained on. Texts are joined exactly as the trainer and
// the SCORE_PAIRS job join them (prompt + response, nothing in between).
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { scoreTexts } from '../scoring/score-texts.ts'
import { findRewardModel } from './find-reward-model.ts'

/** Overflow-free logistic. */
export const sigmoid = (x: number) => 0.5 * (1 + Math.tanh(0.5 * x))

export async function scorePlayground(actor: Actor, input: { rewardModelId: string; prompt: string; responseA: string; responseB: string }) {
  const rm = await findRewardModel(actor, input.rewardModelId)
  if (!rm.outputDir) throw new ServiceError('CONFLICT', `"${rm.name}" has no exported model yet: wait until its training succeeds`)
  const [rewardA, rewardB] = await scoreTexts(rm.outputDir, [input.prompt + input.responseA, input.prompt + input.responseB])
  return { rewardA, rewardB, probabilityA: sigmoid(rewardA - rewardB) }
}
