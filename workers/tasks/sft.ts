// Task: fine-tune a policy on a project's preferred responses (write examples, run the trainer, record it).
import { finishPolicyRun } from '../../server/services/policies/finish-policy-run.ts'
import { prepareSftRun } from '../../server/services/policies/prepare-sft-run.ts'
import type { Task } from '../run-job.ts'
import { runTrainerForJob } from '../trainer-process.ts'

export const sftTask: Task = async (ctx) => {
  const { policy, workDir, config } = await prepareSftRun(ctx.jobId, ctx)
  const artefacts = await runTrainerForJob(ctx, 'sft', config, workDir)
  await finishPolicyRun(policy.id, ctx.jobId, artefacts.policy)
}
