// Task: train a policy with PPO against a reward model or, for d-RLAIF, an AI judge whose ratings the
// worker answers on the trainer's requests (prompts, trainer, record it).
import { createRolloutRater } from '../../server/services/policies/create-rollout-rater.ts'
import { finishPolicyRun } from '../../server/services/policies/finish-policy-run.ts'
import { preparePpoRun } from '../../server/services/policies/prepare-ppo-run.ts'
import type { Task } from '../run-job.ts'
import { runTrainerForJob } from '../trainer-process.ts'

export const ppoTask: Task = async (ctx) => {
  const { policy, workDir, config, drlaif } = await preparePpoRun(ctx.jobId, ctx)
  // d-RLAIF: one trainer process (it alone asks the worker), its requests answered by the judge.
  const rater = drlaif ? await createRolloutRater(policy.id) : null
  try {
    const artefacts = await runTrainerForJob(ctx, 'ppo', config, workDir, rater ? { onRequest: rater.rate, processes: 1 } : {})
    await finishPolicyRun(policy.id, ctx.jobId, artefacts.policy)
  } finally {
    if (rater) {
      await rater.close()
      await ctx.emit({ type: 'log', message: rater.summary() })
    }
  }
}
