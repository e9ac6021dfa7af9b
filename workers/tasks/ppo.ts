// Task: train a policy with PPO against a reward model (prompts, trainer, record it).
import { finishPolicyRun } from '../../server/services/policies/finish-policy-run.ts'
import { preparePpoRun } from '../../server/services/policies/prepare-ppo-run.ts'
import type { Task } from '../run-job.ts'
import { runTrainerForJob } from '../trainer-process.ts'

export const ppoTask: Task = async (ctx) => {
  const { policy, workDir, config } = await preparePpoRun(ctx.jobId, ctx)
  const artefacts = await runTrainerForJob(ctx, 'ppo', config, workDir)
  await finishPolicyRun(policy.id, ctx.jobId, artefacts.policy)
}
