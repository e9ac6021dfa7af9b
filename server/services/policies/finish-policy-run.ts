// Second half of an SFT or PPO job: where the trained policy lies and its headline numbers (the last
// value of each series the policies page shows).
import { db, Prisma } from '../../db/client.ts'

const HEADLINE = ['train/loss', 'eval/loss', 'eval/perplexity', 'objective/scores', 'objective/kl', 'objective/entropy', 'eval/scores', 'train_runtime']

export async function finishPolicyRun(policyId: string, jobId: string, outputDir: string | undefined) {
  if (!outputDir) throw new Error('The trainer finished without saving the policy')
  const last = await db.$queryRaw<{ name: string; value: number }[]>`
    SELECT DISTINCT ON (name) name, value FROM "JobMetric" WHERE "jobId" = ${jobId} AND name IN (${Prisma.join(HEADLINE)})
    ORDER BY name, step DESC, id DESC`
  const summary = Object.fromEntries(last.map((r) => [r.name, r.value]))
  await db.policy.update({ where: { id: policyId }, data: { outputDir, summary } })
}
